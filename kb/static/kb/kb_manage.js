// The editors' form: a rich-text editor (Quill, static/vendor/quill) over the answer box, and a live
// preview of the answer as citizens will see it.
//
// The <textarea name="answer"> stays the source of truth: the form works without this script, the
// editor writes its HTML into the box on every change, and "编辑 HTML 源码" shows the box itself.
// The preview asks the server to sanitise the answer exactly as saving does (kb.richtext), so it
// never shows what saving would strip; the server renders it too when the page opens. The preview
// frame is sandboxed (no scripts run in it).
(function () {
  "use strict";
  var textarea = document.getElementById("id_answer");
  var frame = document.querySelector("iframe.kb-preview");
  if (!textarea) return;

  // --- the preview -----------------------------------------------------------------------------

  var previewTimer = null;
  var previewSent = null;
  function csrfToken() {
    var input = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function showPreview(html) {
    // The frame's document came from the server (the stored answer); only its answer part changes.
    var doc = new DOMParser().parseFromString(frame.srcdoc, "text/html");
    var answer = doc.querySelector(".kb-answer");
    if (!answer) return;
    answer.innerHTML = html || '<p style="color:#888">填写答案后，这里显示市民看到的样子。</p>';
    frame.srcdoc = "<!doctype html>" + doc.documentElement.outerHTML;
  }
  function refreshPreview() {
    if (!frame || !frame.dataset.previewUrl) return;
    var value = textarea.value;
    if (value === previewSent) return;
    previewSent = value;
    var body = new URLSearchParams();
    body.set("answer", value);
    fetch(frame.dataset.previewUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) throw new Error("preview " + response.status);
      return response.json();
    }).then(function (data) {
      if (value === textarea.value) showPreview(data.html);
    }).catch(function () {
      previewSent = null;  // try again on the next change
    });
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 300);
  }
  previewSent = textarea.value;  // the server rendered this one into the frame
  textarea.addEventListener("input", schedulePreview);

  // --- the rich-text editor ------------------------------------------------------------------------

  if (typeof window.Quill !== "function") return;  // without the editor the box and preview still work

  // What kb.richtext keeps, and Quill can edit: no tables (Quill 2 would drop them).
  var FORMATS = ["header", "bold", "italic", "underline", "link", "list", "blockquote"];
  var TOOLBAR = [[{header: [3, 4, false]}], ["bold", "italic", "underline"], [{list: "ordered"}, {list: "bullet"}],
                 ["blockquote", "link"], ["clean"]];
  var TITLES = {
    ".ql-header": "标题级别", ".ql-bold": "加粗", ".ql-italic": "斜体", ".ql-underline": "下划线",
    '.ql-list[value="ordered"]': "编号列表", '.ql-list[value="bullet"]': "项目符号列表",
    ".ql-blockquote": "引用", ".ql-link": "链接", ".ql-clean": "清除格式"
  };
  var UNEDITABLE = /<(table|thead|tbody|tr|td|th)\b/i;

  var holder = document.createElement("div");
  holder.className = "kb-editor";
  var area = document.createElement("div");
  area.className = "kb-editor-area";
  holder.appendChild(area);
  var sourceToggle = document.createElement("label");
  sourceToggle.className = "kb-source-toggle";
  sourceToggle.innerHTML = '<input type="checkbox"> 编辑 HTML 源码';
  var sourceBox = sourceToggle.querySelector("input");
  var notice = document.createElement("p");
  notice.className = "help kb-editor-notice";
  notice.hidden = true;
  textarea.parentNode.insertBefore(sourceToggle, textarea);
  textarea.parentNode.insertBefore(holder, textarea);
  textarea.parentNode.insertBefore(notice, textarea);

  var quill = new window.Quill(area, {
    theme: "snow", formats: FORMATS, placeholder: "在这里写答案：可加粗、加小标题、列出办理材料和步骤、插入链接。",
    modules: {toolbar: TOOLBAR}
  });
  Object.keys(TITLES).forEach(function (selector) {
    holder.querySelectorAll(selector).forEach(function (button) {
      button.setAttribute("title", TITLES[selector]);
      // A picker is a plain <span> around its button: the name belongs on the button (role=button).
      var named = button.classList.contains("ql-picker") ? button.querySelector(".ql-picker-label") : button;
      if (named) named.setAttribute("aria-label", TITLES[selector]);
    });
  });
  var linkBox = quill.theme.tooltip && quill.theme.tooltip.textbox;
  if (linkBox) linkBox.setAttribute("data-link", "https://… 或 tel:12345");
  var label = document.querySelector('label[for="id_answer"]');
  // The editable area is a text box to assistive technology, named by the field's label.
  quill.root.setAttribute("role", "textbox");
  quill.root.setAttribute("aria-multiline", "true");
  quill.root.setAttribute("aria-label", label ? label.textContent.replace(/\s*\*$/, "") : "答案");

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function asHtml(value) {
    // Plain text is paragraphs split by blank lines, as kb.richtext reads it.
    if (/<[a-z][\s\S]*>/i.test(value)) return value;
    return value.split(/\n{2,}/).map(function (para) {
      return "<p>" + escapeText(para).replace(/\n/g, "<br>") + "</p>";
    }).join("");
  }
  function editorHtml() {
    if (quill.getText().trim() === "") return "";
    // getSemanticHTML gives real <ul>/<ol> lists (the editor's own markup marks lists with data-list,
    // which the sanitiser would drop); it writes every space as &nbsp;, which an answer does not want.
    return quill.getSemanticHTML().replace(/&nbsp;/g, " ");
  }
  function loadEditor() {
    quill.setContents(quill.clipboard.convert({html: asHtml(textarea.value)}), "silent");
    quill.history.clear();
  }
  function useSource(on) {
    sourceBox.checked = on;
    holder.hidden = on;
    textarea.hidden = !on;
  }

  quill.on("text-change", function (delta, old, source) {
    if (source !== "user") return;  // loading the stored answer is not an edit
    textarea.value = editorHtml();
    schedulePreview();
  });
  sourceBox.addEventListener("change", function () {
    if (!sourceBox.checked) {
      if (UNEDITABLE.test(textarea.value)) {
        useSource(true);
        return;
      }
      loadEditor();
    }
    useSource(sourceBox.checked);
  });

  if (UNEDITABLE.test(textarea.value)) {
    // The rich-text editor cannot keep a table: edit such an answer as HTML, never lose it silently.
    notice.textContent = "这个答案含有表格，富文本编辑器无法保留表格，请直接编辑 HTML 源码。";
    notice.hidden = false;
    useSource(true);
  } else {
    loadEditor();
    useSource(false);
  }
})();
