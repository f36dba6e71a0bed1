// Live preview of an answer on the editors' form. The preview frame is sandboxed (no scripts run in
// it); the server sanitises the answer again when it is saved.
(function () {
  "use strict";
  var textarea = document.getElementById("id_answer");
  var frame = document.querySelector("iframe.kb-preview");
  if (!textarea || !frame) return;
  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function render() {
    var value = textarea.value;
    var html = /<[a-z][\s\S]*>/i.test(value) ? value : value.split(/\n{2,}/).map(function (para) {
      return "<p>" + escapeText(para).replace(/\n/g, "<br>") + "</p>";
    }).join("");
    frame.srcdoc = '<link rel="stylesheet" href="' + frame.dataset.css + '"><body style="background:#fff;padding:8px 12px">' + html + "</body>";
  }
  var timer = null;
  textarea.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(render, 250);
  });
  render();
})();
