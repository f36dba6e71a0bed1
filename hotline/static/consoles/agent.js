/* Agent console: the call card (来电弹屏), the registration form's endings, knowledge-base
 * suggestions while the agent types, and the result of a registration. Uses Hotline from live.js. */
(function () {
  "use strict";
  const H = window.Hotline;
  const form = document.querySelector("[data-register]");
  if (!H || !form) return;

  const field = (name) => form.elements.namedItem(name);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  };

  /* ---------- endings: show the fields of the chosen one ---------- */
  function showEnding() {
    const chosen = form.querySelector("input[name=ending]:checked");
    const value = chosen ? chosen.value : "dispatch";
    form.querySelectorAll("[data-ending]").forEach((box) => {
      box.hidden = box.dataset.ending !== value;
    });
    const submit = form.querySelector("[data-register-submit]");
    if (submit) submit.textContent = { dispatch: "登记并派单", resolve: "登记并直接办结", register: "仅登记" }[value] || "提交登记";
  }

  function setEnding(value) {
    const radio = form.querySelector('input[name=ending][value="' + value + '"]');
    if (radio) radio.checked = true;
    showEnding();
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "ending") showEnding();
    if (event.target.name === "category") {
      // The category's usual unit becomes the lead department unless the agent chose one.
      const option = event.target.selectedOptions[0];
      const department = field("department");
      if (option && option.dataset.department && department && (!department.value || department.dataset.auto)) {
        department.value = option.dataset.department;
        department.dataset.auto = "1";
      }
    }
    if (event.target.name === "department") delete event.target.dataset.auto;
  });

  /* ---------- knowledge-base suggestions ---------- */
  const kbResults = document.querySelector("[data-kb-results]");
  const kbStatus = document.querySelector("[data-kb-status]");
  const chosenBox = form.querySelector("[data-kb-chosen]");
  let kbTimer = null;
  let kbController = null;
  let lastQuery = "";

  function plainText(html) {
    return new DOMParser().parseFromString(html || "", "text/html").body.textContent.trim();
  }

  function useArticle(article, andSubmit) {
    field("answer").value = plainText(article.answer);
    field("kb_article").value = article.id;
    chosenBox.hidden = false;
    chosenBox.querySelector("[data-kb-chosen-title]").textContent = "#" + article.id + " " + article.question;
    setEnding("resolve");
    if (andSubmit) form.requestSubmit(form.querySelector("[data-register-submit]"));
    else field("answer").focus();
  }

  function renderResults(results) {
    kbResults.replaceChildren(...results.map((article) => {
      const item = el("li", "kb-item");
      item.append(el("div", "kb-q", article.question));
      const answer = plainText(article.answer);
      item.append(el("div", "kb-a", answer.length > 140 ? answer.slice(0, 140) + "…" : answer));
      const meta = el("div", "kb-meta muted small", (article.department || "热线知识库") + " · 相关度 " +
        (typeof article.score === "number" ? article.score.toFixed(2) : article.score));
      item.append(meta);
      const use = el("button", "btn btn-small", "采用答复并办结");
      use.type = "button";
      use.addEventListener("click", () => {
        // Closing a ticket is not undone by a second click: say what will happen and ask first.
        const phone = field("phone").value.trim();
        const question = "将以知识条目 #" + article.id + "“" + article.question + "”的答复直接办结此次来电。\n" +
          (phone ? "信件编号和查询密码将短信发往 " + phone + "。" : "来电人未留电话，不会发送短信。") + "\n确定办结吗？";
        if (window.confirm(question)) useArticle(article, true);
      });
      const fill = el("button", "btn btn-secondary btn-small", "填入答复");
      fill.type = "button";
      fill.addEventListener("click", () => useArticle(article, false));
      const buttons = el("div", "kb-buttons");
      buttons.append(use, fill);
      item.append(buttons);
      return item;
    }));
  }

  async function searchKnowledge() {
    const title = field("title").value.trim();
    const content = field("content").value.trim();
    const query = (title + " " + content.slice(0, 80)).trim();
    if (query === lastQuery) return;
    lastQuery = query;
    if (query.length < 2) {
      renderResults([]);
      kbStatus.textContent = "输入标题或内容后自动检索";
      return;
    }
    if (kbController) kbController.abort();
    kbController = new AbortController();
    kbStatus.textContent = "检索中…";
    try {
      const response = await fetch("/api/v1/kb/search/?limit=5&q=" + encodeURIComponent(query), {
        credentials: "same-origin", headers: { Accept: "application/json" }, signal: kbController.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      const results = data.results || [];
      renderResults(results);
      kbStatus.textContent = results.length ? "找到 " + results.length + " 条参考答案" : "未找到相关知识";
    } catch (err) {
      if (err.name === "AbortError") return;
      kbStatus.textContent = "知识库暂时无法检索";
    }
  }

  ["title", "content"].forEach((name) => {
    field(name).addEventListener("input", () => {
      clearTimeout(kbTimer);
      kbTimer = setTimeout(searchKnowledge, 350);
    });
  });

  const clearChoice = form.querySelector("[data-kb-clear]");
  if (clearChoice) {
    clearChoice.addEventListener("click", () => {
      field("kb_article").value = "";
      chosenBox.hidden = true;
    });
  }

  /* ---------- the call card ---------- */
  const card = document.querySelector("[data-call-card]");
  let currentCall = null;

  function renderHistory(history) {
    const list = card.querySelector("[data-call-history]");
    if (!history || !history.length) {
      list.replaceChildren(el("li", "muted", "该号码没有历史诉求。"));
      return;
    }
    list.replaceChildren(...history.map((item) => {
      const li = el("li");
      const link = el("a", "mono", item.letter_number);
      link.href = "/console/tickets/" + item.id + "/";
      link.target = "_blank";
      li.append(link, " ", item.title || "", " ");
      li.append(el("span", "badge status status-" + item.status, item.status_label || item.status));
      const when = item.created_at ? new Date(item.created_at).toLocaleDateString("zh-CN") : "";
      li.append(el("span", "muted small", " " + [item.type_label, item.lead_department, when].filter(Boolean).join(" · ")));
      return li;
    }));
  }

  function showCall(msg, state) {
    if (currentCall !== msg.call_id) card.querySelector("[data-call-transfer]").hidden = true;
    currentCall = msg.call_id;
    card.hidden = false;
    card.dataset.state = state;
    card.querySelector("[data-call-state]").textContent = state === "ringing" ? "来电振铃" : "通话中";
    card.querySelector("[data-call-caller]").textContent = msg.caller_masked || msg.caller || "未知号码";
    card.querySelector("[data-call-id]").textContent = "通话 " + msg.call_id;
    if (msg.history) renderHistory(msg.history);
  }

  function prefill(values) {
    form.reset();
    showEnding();
    if (values.channel && field("channel")) field("channel").value = values.channel;
    if (values.phone != null) field("phone").value = values.phone;
    if (values.call_id != null) field("call_id").value = values.call_id;
    const link = form.querySelector("[data-call-link]");
    if (link) link.textContent = values.call_id ? "关联通话 " + values.call_id : "";
    field("title").focus();
  }

  H.on((msg) => {
    if (msg.type === "call.ringing") {
      showCall(msg, "ringing");
      if (!msg.replayed) H.toast("来电：" + (msg.caller || ""), "info");
    } else if (msg.type === "call.answered") {
      showCall(msg, "answered");
      prefill(msg.prefill || { channel: "phone", phone: msg.caller, call_id: msg.call_id });
    } else if (msg.type === "call.ended" && msg.call_id === currentCall) {
      card.dataset.state = "ended";
      const minutes = Math.floor((msg.duration || 0) / 60);
      const seconds = (msg.duration || 0) % 60;
      card.querySelector("[data-call-state]").textContent = msg.answered === false ? "未接来电"
        : msg.reason === "transferred" ? "已由其他坐席接听" : "通话结束 · " + minutes + "分" + seconds + "秒";
    }
  });

  card.querySelector("[data-call-close]").addEventListener("click", () => {
    card.hidden = true;
    currentCall = null;
  });

  /* ---------- after a registration ---------- */
  form.addEventListener("hotline:done", (event) => {
    const data = event.detail;
    const box = document.querySelector("[data-result]");
    const heading = el("h2", "", data.message);
    const numbers = el("p");
    numbers.append("信件编号 ", el("strong", "mono big", data.letter_number), " 查询密码 ", el("strong", "mono big", data.password));
    const note = el("p", "muted small", data.notice || "请告知来电人信件编号和查询密码。");
    note.dataset.resultNotice = "";
    const link = el("a", "", "查看工单");
    link.href = data.url;
    note.append(" ", link);
    box.replaceChildren(heading, numbers, note);
    if (data.transfer) {
      // 即时转: the call card says where the caller's matter went, while the caller is still on the line.
      const line = "已即时转 " + data.transfer.platform + "（" + data.transfer.at + "），信件 " + data.letter_number;
      box.insertBefore(el("p", "call-transfer", line), numbers);
      const onCard = card.querySelector("[data-call-transfer]");
      onCard.textContent = line;
      onCard.hidden = false;
    }
    box.hidden = false;
    form.reset();
    field("call_id").value = "";
    field("kb_article").value = "";
    chosenBox.hidden = true;
    const callLink = form.querySelector("[data-call-link]");
    if (callLink) callLink.textContent = "";
    showEnding();
    box.scrollIntoView({ behavior: "smooth", block: "nearest" });
  });

  form.addEventListener("reset", () => {
    if (kbController) kbController.abort();
    clearTimeout(kbTimer);
    renderResults([]);
    lastQuery = "";
    kbStatus.textContent = "输入标题或内容后自动检索";
    form.querySelectorAll(".picker-search").forEach((box) => {
      box.value = "";
      box.dispatchEvent(new Event("input"));
    });
    setTimeout(showEnding, 0);
  });
  showEnding();
})();
