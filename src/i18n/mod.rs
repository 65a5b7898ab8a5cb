//! The console's words in English and Simplified Chinese.
//!
//! **Adding a string:** add a field to [`Messages`] (`&'static str`, or a `fn` for text with
//! numbers, names or plural forms), then give it its words in [`EN`] (`en.rs`) and
//! [`ZH_CN`] (`zh_cn.rs`): a language without it does not compile. Views read the words
//! with `store.messages()` (see `crate::store`); plain code calls
//! `messages(locale).field` or a label function such as [`status_label`]. Plural forms
//! follow [`Locale::plural`] (English one/other, Chinese one form). Which language is shown
//! is decided in [`crate::rules::locale`].

mod en;
mod messages;
mod zh_cn;

pub use en::EN;
pub use messages::Messages;
pub use zh_cn::ZH_CN;

pub use crate::rules::locale::Locale;
use crate::wire::ServerStatus;

/// The words of a language.
pub fn messages(locale: Locale) -> &'static Messages {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH_CN,
    }
}

/// An instance's status in words (an unknown value as the API sent it).
pub fn status_label(locale: Locale, status: &ServerStatus) -> &str {
    messages(locale).server_status(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::config::{parse_config_file, RawConfig};
    use crate::rules::outcomes::OutcomeSummary;
    use crate::rules::page_span::PageSpan;
    use crate::wire::{ImageType, JobStatus, JobType, SubJobStatus};

    #[test]
    fn every_known_value_has_its_own_words_in_each_language() {
        for locale in Locale::ALL {
            let words = messages(locale);
            for status in ServerStatus::KNOWN {
                assert_ne!(words.server_status(status), status.raw(), "{status:?}");
            }
            for status in JobStatus::KNOWN {
                assert_ne!(words.job_status(status), status.raw(), "{status:?}");
            }
            for image_type in ImageType::KNOWN {
                assert_ne!(words.image_type(image_type), image_type.raw());
            }
            let unknown = ServerStatus::parse("MIGRATING");
            assert_eq!(status_label(locale, &unknown), "MIGRATING");
        }
        assert_eq!(
            status_label(Locale::ZhCn, &ServerStatus::Creating),
            "实例创建中"
        );
        assert_eq!(
            status_label(Locale::ZhCn, &ServerStatus::Building),
            "镜像创建中"
        );
        assert_eq!(
            status_label(Locale::ZhCn, &ServerStatus::Deleting),
            "实例删除中"
        );
        assert_eq!(
            status_label(Locale::En, &ServerStatus::Built),
            "Image built"
        );
        assert_eq!(ZH_CN.image_type(&ImageType::Gold), "云市场镜像");
    }

    #[test]
    fn only_success_reads_as_deleted_and_unknown_sub_job_statuses_say_unknown() {
        for (locale, deleted) in [(Locale::En, "Deleted"), (Locale::ZhCn, "已删除")] {
            let words = messages(locale);
            for status in SubJobStatus::KNOWN {
                let text = words.sub_job_status(status);
                assert_ne!(text, status.raw());
                assert_eq!(
                    text.contains(deleted) && !text.contains("not"),
                    *status == SubJobStatus::Success,
                    "{text}"
                );
            }
            assert_eq!(
                words.sub_job_status(&SubJobStatus::parse("PAUSED")),
                words.unknown_status
            );
        }
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        assert_eq!((EN.delete_button)(1), "Delete 1 instance…");
        assert_eq!((EN.delete_button)(3), "Delete 3 instances…");
        assert_eq!((EN.delete_button)(0), "Delete");
        assert_eq!((EN.delete_title)(1), "Delete 1 image instance?");
        assert_eq!((EN.announce_loaded)(2), "Loaded 2 image instances.");
        assert_eq!((ZH_CN.delete_button)(1), "删除 1 个实例…");
        assert_eq!((ZH_CN.delete_button)(3), "删除 3 个实例…");
        assert_eq!((ZH_CN.job_progress)(1, 2), "已处理 1/2 个实例");
        assert_eq!((EN.job_progress)(0, 1), "0 of 1 instance processed");
    }

    #[test]
    fn configuration_problems_are_worded_in_each_language_with_the_values_quoted() {
        let page = "https://console.example.com/index.html";
        let cross_origin = RawConfig {
            api_base: Some("https://elsewhere.example".into()),
            project_id: Some("abc".into()),
            request_timeout_ms: None,
        };
        let problems = cross_origin.check_overrides(page);
        let english: Vec<String> = problems.iter().map(EN.config_problem).collect();
        let chinese: Vec<String> = problems.iter().map(ZH_CN.config_problem).collect();
        assert!(
            english[0].contains("another origin")
                && english[0].contains("https://elsewhere.example")
        );
        assert!(chinese[0].contains("不同源") && chinese[0].contains("https://elsewhere.example"));
        assert!(english[1].contains("not 32 hexadecimal characters (found 3 characters)"));
        assert!(chinese[1].contains("“abc”不是 32 个十六进制字符"));
        let html = parse_config_file("<html>").unwrap_err();
        assert!((ZH_CN.config_problem)(&html).contains("HTML"));
        assert!((EN.config_problem)(&html).contains("looks like HTML"));
    }

    #[test]
    fn the_outcome_heading_counts_each_kind_apart() {
        let summary = OutcomeSummary {
            deleted: 1,
            failed: 2,
            other: 5,
            not_found: vec!["gone".into()],
        };
        assert_eq!(
            (EN.outcome_heading)(&summary, true),
            "Outcome: 1 deleted, 2 failed, 5 other, 1 not found"
        );
        assert_eq!(
            (ZH_CN.outcome_heading)(&summary, true),
            "结果：已删除 1 个，失败 2 个，其他 5 个，未找到 1 个"
        );
        let plain = OutcomeSummary {
            deleted: 1,
            ..OutcomeSummary::default()
        };
        assert_eq!(
            (EN.outcome_heading)(&plain, true),
            "Outcome: 1 deleted, 0 failed"
        );
        // A job that builds or creates says what its sub-jobs did, not "deleted".
        assert_eq!(
            (EN.outcome_heading)(&plain, false),
            "Outcome: 1 succeeded, 0 failed"
        );
        assert_eq!(
            (ZH_CN.outcome_heading)(&plain, false),
            "结果：成功 1 个，失败 0 个"
        );
        for words in [&EN, &ZH_CN] {
            assert_eq!(
                words.sub_job_outcome(&SubJobStatus::parse("PAUSED"), false),
                words.unknown_status
            );
        }
        assert_eq!(
            EN.sub_job_outcome(&SubJobStatus::Success, false),
            "Succeeded"
        );
        assert_eq!(EN.sub_job_outcome(&SubJobStatus::Success, true), "Deleted");
    }

    #[test]
    fn a_page_of_jobs_says_where_it_sits_in_each_language() {
        let span = |page, shown, total| PageSpan::of(page, shown, total);
        assert_eq!(
            (EN.jobs_page)(&span(2, 20, Some(57)), 2, 20),
            "Jobs 21–40 of 57 · page 2 · 20 per page"
        );
        assert_eq!(
            (EN.jobs_page)(&span(9, 0, Some(57)), 9, 20),
            "Jobs none of 57 · page 9 · 20 per page"
        );
        assert_eq!(
            (EN.jobs_page)(&span(2, 20, None), 2, 20),
            "Jobs 21–40 · page 2 · 20 per page"
        );
        assert_eq!(
            (ZH_CN.jobs_page)(&span(2, 20, Some(57)), 2, 20),
            "任务：第 21–40 个，共 57 个 · 第 2 页 · 每页 20 个"
        );
        assert_eq!((EN.announce_jobs_loaded)(1), "Loaded 1 job.");
        assert_eq!((EN.announce_jobs_loaded)(20), "Loaded 20 jobs.");
        assert_eq!(
            (EN.continue_question)(1),
            "Delete only the other 1 instance, in one request?"
        );
    }

    #[test]
    fn each_kind_of_job_and_job_type_has_words_in_each_language() {
        for locale in Locale::ALL {
            let words = messages(locale);
            for job_type in JobType::KNOWN {
                assert_ne!(words.job_type(job_type), job_type.raw(), "{job_type:?}");
            }
            assert_eq!(words.job_type(&JobType::parse("RESIZE")), "RESIZE");
            assert_eq!(
                (words.job_kind)(&JobType::parse("RESIZE")),
                (words.job_kind)(&JobType::DeleteServer)
            );
        }
        assert_eq!(
            (ZH_CN.job_kind)(&JobType::CreateServerImage),
            "镜像构建任务"
        );
    }
}
