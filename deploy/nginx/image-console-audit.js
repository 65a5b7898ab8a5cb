// The audit log's job_id and error_code: read from a batch-delete's answer as it passes
// (njs, nginx's JavaScript module: `js_body_filter` in image-console.conf). Every other answer
// passes untouched. njs runs each request in its own copy of this module, so `parts` are
// this request's alone.

// A batch-delete's answer is a job id or an error: far under this, the audit reads no more.
const MAX_ANSWER = 64 * 1024;
const parts = [];
let size = 0;

/**
 * Passes each part of the answer on as it came (bytes, never decoded: a list's text passes
 * untouched); once a batch-delete's answer is whole, sets the two audit variables.
 */
function readAnswer(r, data, flags) {
  if (r.variables.image_console_audited === "1" && size < MAX_ANSWER) {
    parts.push(data);
    size += data.length;
    if (flags.last) {
      let fields = null;
      try {
        fields = JSON.parse(Buffer.concat(parts).toString());
      } catch (e) {
        // Not JSON (a gateway's HTML page): the status alone is recorded.
      }
      if (fields !== null && typeof fields === "object") {
        if (typeof fields.job_id === "string") r.variables.image_console_job_id = fields.job_id;
        if (typeof fields.error_code === "string") {
          r.variables.image_console_error_code = fields.error_code;
        }
      }
    }
  }
  r.sendBuffer(data, flags);
}

export default { readAnswer };
