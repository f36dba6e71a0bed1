// Helpful / outdated marks on knowledge entries (staff pages). Uses the session and CSRF token.
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".kb-feedback button[data-kind]");
    if (!button) return;
    var card = button.closest("[data-article]");
    if (!card || button.disabled) return;
    button.disabled = true;
    fetch("/api/v1/kb/articles/" + card.dataset.article + "/feedback/", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify({kind: button.dataset.kind})
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (!result.ok) throw new Error(result.body.error ? result.body.error.message : "提交失败");
      card.querySelectorAll("[data-count]").forEach(function (span) {
        span.textContent = result.body[span.dataset.count];
      });
      button.classList.add("done");
      button.title = "已记录，谢谢";
    }).catch(function (error) {
      button.disabled = false;
      alert(error.message || "提交失败，请稍后再试");
    });
  });
})();
