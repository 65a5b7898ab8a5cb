//! Simplified Chinese. Status words are the cloud's own, from the Chinese edition of the
//! API reference (ListImageServers, ShowImageJob, ListImageJobs).

use super::Messages;
use crate::rules::config::{
    ConfigProblem, JsonType, NotJson, ProjectIdProblem, UrlProblem, MAX_REQUEST_TIMEOUT_MS,
};
use crate::rules::outcomes::OutcomeSummary;
use crate::rules::page_span::PageSpan;
use crate::rules::precheck::{Associated, StaleReason};
use crate::rules::selection::Ineligible;
use crate::wire::{ImageType, JobStatus, JobType, ServerStatus, SubJobStatus};

fn kept_or_deleted(recursive: bool) -> &'static str {
    if recursive {
        "一并删除"
    } else {
        "保留"
    }
}

fn config_problem(problem: &ConfigProblem) -> String {
    match problem {
        ConfigProblem::Unreachable(detail) => format!("无法加载 config.json：{detail}"),
        ConfigProblem::Status(status) => {
            format!("无法加载 config.json：config.json 返回 HTTP {status}")
        }
        ConfigProblem::NotJson(why) => {
            let why = match why {
                NotJson::Empty => "文件为空".to_owned(),
                NotJson::Html => "内容看起来是 HTML（服务器上是否缺少 config.json？）".to_owned(),
                NotJson::Syntax(message) => message.clone(),
                NotJson::Found(found) => format!("实际为{}", json_type(*found)),
            };
            format!("config.json 不是 JSON 对象：{why}")
        }
        ConfigProblem::WrongType { key, found } => {
            format!("config.json：“{key}”必须是字符串，实际为{}", json_type(*found))
        }
        ConfigProblem::Missing(key) => format!("未设置“{key}”"),
        ConfigProblem::Timeout(found) => format!(
            "config.json：“request_timeout_ms”必须是 1 到 {MAX_REQUEST_TIMEOUT_MS} 之间的整数毫秒数，实际为 {found}"
        ),
        ConfigProblem::ApiBase(why) => format!("API 基础 URL：{}", url_problem(why)),
        ConfigProblem::ProjectId(ProjectIdProblem::Empty) => "项目 ID：值为空".to_owned(),
        ConfigProblem::ProjectId(ProjectIdProblem::NotHex { id, chars }) => {
            format!("项目 ID：“{id}”不是 32 个十六进制字符（实际为 {chars} 个字符）")
        }
    }
}

fn json_type(found: JsonType) -> &'static str {
    match found {
        JsonType::Null => " null",
        JsonType::Boolean => "布尔值",
        JsonType::Number => "数字",
        JsonType::String => "字符串",
        JsonType::Array => "数组",
        JsonType::Object => "对象",
    }
}

fn url_problem(problem: &UrlProblem) -> String {
    match problem {
        UrlProblem::Empty => "值为空".to_owned(),
        UrlProblem::WhiteSpace(raw) => format!("“{raw}”包含空白字符"),
        UrlProblem::NotPlain(raw) => format!("“{raw}”必须是不含 ?、# 或 \\ 的路径或 URL"),
        UrlProblem::PageNotHttp(url) => format!("页面 URL {url} 不是 http(s)"),
        UrlProblem::NotHttp(url) => format!("“{url}”不是 http(s) URL"),
        UrlProblem::Scheme { url, scheme } => {
            format!("“{url}”必须使用 http 或 https，而不是 {scheme}")
        }
        UrlProblem::Credentials(url) => format!("“{url}”不能包含凭据"),
        UrlProblem::Port(url) => format!("“{url}”的端口无效"),
        UrlProblem::NoHost(url) => format!("“{url}”缺少主机名"),
        UrlProblem::OtherOrigin { found, page } => format!(
            "{found} 与本页面（{page}）不同源；云 API 不允许跨域请求，必须通过同源代理访问 API"
        ),
    }
}

fn outcome_heading(summary: &OutcomeSummary, deletes: bool) -> String {
    let done = if deletes { "已删除" } else { "成功" };
    let mut heading = format!(
        "结果：{done} {} 个，失败 {} 个",
        summary.deleted, summary.failed
    );
    if summary.other > 0 {
        heading.push_str(&format!("，其他 {} 个", summary.other));
    }
    if !summary.not_found.is_empty() {
        heading.push_str(&format!("，未找到 {} 个", summary.not_found.len()));
    }
    heading
}

fn job_kind(job_type: &JobType) -> &'static str {
    match job_type {
        JobType::CreateServer => "创建任务",
        JobType::CreateServerImage => "镜像构建任务",
        _ => "删除任务",
    }
}

fn stale_reason(reason: &StaleReason) -> String {
    match reason {
        StaleReason::Gone => "该实例已不存在（是否已在别处删除？）".to_owned(),
        StaleReason::Busy(status) => {
            let why = match status {
                ServerStatus::Deleting => "它已在删除中",
                _ => "服务会拒绝包含它的删除请求",
            };
            let words = server_status(status).unwrap_or(status.raw());
            format!("它现在的状态为{words}（{}）：{why}", status.raw())
        }
        StaleReason::AssociatedChanged(changed) => {
            let names: Vec<&str> = changed
                .iter()
                .map(|resource| match resource {
                    Associated::ServerGroup => "服务器组",
                    Associated::Server => "服务器",
                    Associated::AppGroup => "应用组",
                })
                .collect();
            format!(
                "选择后其关联的{}已变化；删除关联资源将会失败",
                names.join("、")
            )
        }
    }
}

/// "第 21–40 个，共 57 个".
fn jobs_page(span: &PageSpan, page: u64, per_page: u64) -> String {
    let range = if span.first == 0 {
        "无".to_owned()
    } else {
        format!("第 {}–{} 个", span.first, span.last)
    };
    let range = match span.total {
        Some(total) => format!("{range}，共 {total} 个"),
        None => range,
    };
    format!("任务：{range} · 第 {page} 页 · 每页 {per_page} 个")
}

fn neutral_sub_job_status(status: &SubJobStatus) -> Option<&'static str> {
    Some(match status {
        SubJobStatus::Waiting => "等待",
        SubJobStatus::Running => "运行中",
        SubJobStatus::Success => "成功",
        SubJobStatus::Failed => "失败",
        SubJobStatus::Abnormal => "异常",
        SubJobStatus::Rollback => "回滚中",
        SubJobStatus::Aborting => "终止中",
        SubJobStatus::Other(_) => return None,
    })
}

fn job_type(job_type: &JobType) -> Option<&'static str> {
    Some(match job_type {
        JobType::DeleteServer => "删除镜像实例",
        JobType::CreateServer => "创建镜像实例",
        JobType::CreateServerImage => "构建镜像",
        JobType::Other(_) => return None,
    })
}

fn ineligible(reason: Ineligible) -> &'static str {
    match reason {
        Ineligible::NoId => "无法删除：API 未提供此实例的 ID",
        Ineligible::Creating => "实例创建中，无法删除",
        Ineligible::Building => "正在基于此实例创建镜像，无法删除",
        Ineligible::Deleting => "已在删除中",
    }
}

fn server_status(status: &ServerStatus) -> Option<&'static str> {
    Some(match status {
        ServerStatus::Active => "实例正常运行",
        ServerStatus::Built => "镜像任务结束",
        ServerStatus::Error => "实例处于异常",
        ServerStatus::Creating => "实例创建中",
        ServerStatus::Building => "镜像创建中",
        ServerStatus::Deleting => "实例删除中",
        ServerStatus::Unset => "未设置",
        ServerStatus::Other(_) => return None,
    })
}

fn job_status(status: &JobStatus) -> Option<&'static str> {
    Some(match status {
        JobStatus::Waiting => "等待",
        JobStatus::Running => "运行中",
        JobStatus::Success => "完成",
        JobStatus::Failed => "失败",
        JobStatus::Other(_) => return None,
    })
}

fn sub_job_status(status: &SubJobStatus) -> Option<&'static str> {
    Some(match status {
        SubJobStatus::Waiting => "等待：尚未删除",
        SubJobStatus::Running => "运行中：正在删除",
        SubJobStatus::Success => "成功：已删除",
        SubJobStatus::Failed => "失败：未删除",
        SubJobStatus::Abnormal => "异常：未删除",
        SubJobStatus::Rollback => "回滚中：未删除",
        SubJobStatus::Aborting => "终止中：未删除",
        SubJobStatus::Other(_) => return None,
    })
}

fn image_type(image_type: &ImageType) -> Option<&'static str> {
    Some(match image_type {
        ImageType::Gold => "云市场镜像",
        ImageType::Public => "公共镜像",
        ImageType::Private => "私有镜像",
        ImageType::Shared => "共享镜像",
        ImageType::Unlisted => "其他",
        ImageType::Unset => "未设置",
        ImageType::Other(_) => return None,
    })
}

pub const ZH_CN: Messages = Messages {
    page_title: "镜像实例 · image-console",
    app_title: "镜像实例",
    project: |id| format!("项目 {id}"),
    signed_in_as: |user| format!("当前用户：{user}"),
    settings_button: "设置",
    language_label: "语言",
    loading_configuration: "正在加载配置…",
    dismiss: "关闭",
    internal_error: |details| {
        format!("内部错误：控制台已停止工作。请刷新页面；已开始的任务会保留。详情：{details}")
    },
    cancel: "取消",

    config_invalid_title: "控制台配置不正确",
    config_fix_hint: "请修改 index.html 旁的 config.json（参见 README），或在下方为此浏览器设置这些值。",
    inline_settings_label: "此浏览器的设置",
    config_problem,

    settings_title: "设置",
    settings_help: "此处保存的值仅适用于此浏览器，并覆盖 config.json。留空的字段使用 config.json 中的值。",
    api_base_label: "API 基础 URL（须与本页面同源）",
    project_id_label: "项目 ID（32 个十六进制字符）",
    token_label: "IAM 令牌（可选；仅保存在内存中，以 X-Auth-Token 发送）",
    save_settings: "保存设置",
    settings_not_saved: |problem| format!("无法在此浏览器中保存设置：{problem}"),

    storage_pending_failed: |problem| {
        format!("发送删除请求前，此浏览器未能记录该请求（{problem}）。在显示任务 ID 之前请勿刷新页面。")
    },
    storage_job_failed: |problem| {
        format!("无法在此浏览器中保存该任务（{problem}）。请记下下方显示的任务 ID：刷新页面后它将丢失。")
    },
    no_storage: "此浏览器不提供本地存储",
    storage_refused: |detail| format!("浏览器拒绝保存：{detail}"),
    interrupted_title: "有一个删除请求未收到应答",
    interrupted_text: "：发送期间页面被刷新或关闭，因此无法确定它是否已执行。它没有被再次发送。再次删除之前，请在列表中检查这些实例（状态为删除中或已消失，表示请求已执行）。",
    interrupted_item: |sent, count, recursive| {
        format!(
            "发送于 {sent} · {count} 个实例 · 关联资源{}：",
            kept_or_deleted(recursive)
        )
    },

    jobs_label: "删除任务",
    job_kind,
    job_card_label: |kind, job_id| format!("{kind} {job_id}"),
    job_finished: |kind| format!("{kind}已结束"),
    job_in_progress: |kind| format!("{kind}进行中"),
    job_id: "任务 ID",
    copy_job_id: "复制任务 ID",
    copied: "已复制",
    job_meta: |count, recursive, submitted| {
        format!(
            "{count} 个实例 · 关联资源{} · 提交于 {submitted}",
            kept_or_deleted(recursive)
        )
    },
    status_prefix: "状态：",
    not_checked_yet: "尚未查询",
    check_now: "立即查询",
    job_progress: |done, total| format!("已处理 {done}/{total} 个实例"),
    next_check_at: "下次查询时间：",
    checking: "正在查询…",
    retrying_at: "重试时间：",
    paused_hidden: "此标签页处于隐藏状态，已暂停查询；返回此页面时将再次查询。",
    gave_up: |minutes| {
        format!("已查询 {minutes} 分钟，停止查询：任务仍在运行。请使用“立即查询”再次查看。")
    },
    poll_error_title: "无法查询任务（正在重试）",
    outcome_heading,
    not_found_outcome: "未删除：服务未找到该实例",
    unknown_status: "未知状态",
    export_receipt: "导出删除凭据",
    export_all_receipts: "导出全部删除凭据",
    recent_jobs: |count| format!("最近的任务（{count}）"),
    history_submitted: "提交时间",
    history_instances: "实例数",
    history_associated: "关联资源",
    history_final_status: "最终状态",
    history_actions: "操作",
    history_deleted: "一并删除",
    history_kept: "保留",
    history_in_progress: "进行中",
    show: "查看",

    find_instances: "查找实例",
    search: "搜索",
    search_placeholder: "名称或 ID",
    status: "状态",
    all_statuses: "全部状态",
    refresh: "刷新",
    updated: "更新于 ",
    loading_instances: "正在加载镜像实例…",
    loading_progress: |loaded, total| format!("正在加载镜像实例：{loaded}/{total}"),
    list_shortfall: |listed, counted| {
        format!(
            "开始加载时服务统计有 {counted} 个镜像实例，但只收到 {listed} 个：列表在加载期间发生了变化，\
             可能有实例未显示。请刷新以重新读取。"
        )
    },
    load_failed_title: "无法加载实例列表",

    error_code: "错误码",
    error_message: "错误信息",
    error_body: "响应内容开头",
    error_details: "详细信息",
    authorization_message: "编码的授权信息（可由 IAM 解码）",
    request_id: "请求 ID",
    retry_after: "服务端要求在此时间后重试",
    seconds: |secs| format!("{secs} 秒"),
    network_error: "网络错误：请求未收到应答",
    timed_out: |limit_ms| match limit_ms % 1_000 {
        0 => format!("超时：请求在 {} 秒内未收到应答", limit_ms / 1_000),
        _ => format!("超时：请求在 {limit_ms} 毫秒内未收到应答"),
    },
    http_unreadable: |status| format!("HTTP {status}：无法读取响应"),
    http_not_api_error: |status| format!("HTTP {status}：响应不是 API 错误（中间是否有代理？）"),
    request_failed: "请求失败",

    selection_label: "选择与操作",
    selected_count: |count, cap| format!("已选择 {count}/{cap}"),
    hidden_by_filter: |hidden| format!("（其中 {hidden} 个因当前搜索或筛选未显示）"),
    at_cap: |cap| format!("已达到选择上限：每次请求最多删除 {cap} 个实例。"),
    bulk_stopped: |added, cap, left| {
        format!("又选择了 {added} 个；已达到每次请求 {cap} 个的上限。另有 {left} 个匹配的实例未被选择。")
    },
    clear_selection: "清除选择",
    delete_button: |count| match count {
        0 => "删除".to_owned(),
        count => format!("删除 {count} 个实例…"),
    },
    submitting: "正在发送删除请求… 请求只发送一次；API 应答后，任务 ID 会立即显示在此处。",
    submit_outcome_unknown: "删除请求未收到可用的应答：无法确定它是否已执行。它没有被再次发送；列表正在刷新，并正在项目的删除任务中查找它的任务，请先检查实例状态再重试",
    submit_refused: "删除请求失败；此控制台未删除任何实例，已保留您的选择",
    recursive_flag: "同时删除关联资源（服务器组、服务器、应用组）",
    recursive_title: "同时删除关联资源？",
    recursive_text: "每个所选镜像实例关联的服务器组、服务器和应用组也将被删除。",
    recursive_text_strong: "其中的应用将对用户不可用。",
    recursive_text_end: "已构建的镜像会保留。",
    recursive_confirm: "确认：删除关联资源",
    delete_title: |count| format!("删除 {count} 个镜像实例？"),
    delete_summary_recursive: "关联资源也将被删除：服务器组、服务器和应用组。其中的应用将不可用。",
    delete_summary_kept: "保留关联资源：仅删除镜像实例记录。",
    confirm_prompt: |word| format!("请输入“{word}”以确认"),
    delete_confirm_button: |count| format!("删除 {count} 个实例"),

    check_in_progress: "正在检查所选实例是否仍可删除… 检查完成前不会发送任何请求。",
    check_failed_title: "无法再次检查这些实例，因此未发送任何请求",
    check_again: "重新检查",
    nothing_sent: "未发送任何请求。",
    stale_intro: "以下实例在您选择后发生了变化：",
    none_left: "所选实例现在都无法删除。",
    continue_without: "不含这些实例继续…",
    continue_question: |left| format!("仅删除其余 {left} 个实例（一次请求）？"),
    continue_confirm: |left| format!("是，删除其余 {left} 个"),
    stale_reason,

    views_label: "视图",
    view_instances: "镜像实例",
    view_job_centre: "任务中心",
    job_centre_hint: "服务列出的本项目镜像任务，最新的在前，无论由谁发起。",
    loading_jobs: "正在加载任务…",
    load_jobs_failed: "无法加载任务",
    retry: "重试",
    job_type_label: "任务类型",
    all_job_types: "全部类型（最新的在前）",
    refresh_jobs: "刷新任务",
    no_jobs_on_page: "此页没有符合条件的任务。",
    column_job_type: "类型",
    column_sub_jobs: "子任务",
    column_began: "开始时间",
    column_ended: "结束时间",
    not_given: "未提供",
    open: "打开",
    open_job: |job_id| format!("打开任务 {job_id}"),
    job_pages_label: "任务分页",
    previous: "上一页",
    next: "下一页",
    jobs_page,
    announce_jobs_loaded: |count| format!("已加载 {count} 个任务。"),
    announce_jobs_failed: |error| format!("无法加载任务：{error}"),
    announce_check_failed: |error| format!("未发送任何请求：{error}"),
    announce_stale: |count| format!("未发送任何请求：所选实例中有 {count} 个发生了变化。"),

    table_caption: "镜像实例。带按钮的列标题可对表格排序。",
    column_name: "名称",
    column_id: "ID",
    column_status: "状态",
    column_image_type: "镜像类型",
    column_user: "授权用户",
    column_created: "创建时间（UTC）",
    no_instances: "此项目中没有镜像实例。",
    no_match: "没有符合搜索和状态筛选条件的实例。",
    clear_filters: "清除筛选",
    select_all: |cap| format!("选择所有显示的实例（最多 {cap} 个）"),
    select_row: |name| format!("选择 {name}"),
    limit_reached: |cap| format!("已达上限：每次请求最多 {cap} 个实例"),
    ineligible,

    announce_accepted: |count, job_id| {
        format!("删除 {count} 个实例的请求已被接受。任务 ID {job_id}。")
    },
    announce_submit_failed: |error| format!("删除请求失败：{error}"),
    announce_lost_answer_found: |job_id| {
        format!("删除请求的应答丢失，但已找到其任务：任务 ID {job_id}。")
    },
    announce_interrupted_found: |job_id| {
        format!("因页面刷新而中断的删除请求已执行：任务 ID {job_id}。")
    },
    announce_job_ended: |job_id, status| format!("任务 {job_id} 已结束：{status}。"),
    announce_loaded: |count| format!("已加载 {count} 个镜像实例。"),
    announce_load_failed: |error| format!("无法加载实例列表：{error}"),

    server_status_words: server_status,
    job_status_words: job_status,
    sub_job_status_words: sub_job_status,
    neutral_sub_job_status_words: neutral_sub_job_status,
    job_type_words: job_type,
    image_type_words: image_type,
};
