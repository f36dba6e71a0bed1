/* Smart-dispatch suggestions on the consoles (the reading is GET/POST /api/v1/…/suggestions/).
 * - Dispatch desk: every card with [data-suggest-url] loads its suggestions, pre-selects the best
 *   unit in its dispatch form, and offers "按建议派单", merging a duplicate and linking a repeat.
 * - Agent console: the registration form asks again while the agent types (debounced) and shows
 *   units, categories and likely duplicates; a click fills the form.
 * Unit pickers with [data-unit-picker=multi] (a comma list of codes) get chips.
 */
(function () {
  "use strict";
  const H = window.Hotline || {};
  const toast = (text, kind) => (H.toast ? H.toast(text, kind) : null);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };
  const percent = (score) => Math.round(score * 100) + "%";
  const unitLabel = (code) => {
    const option = document.querySelector('#unit-options option[value="' + CSS.escape(code) + '"]');
    return option ? option.textContent : code;
  };

  async function api(url, body) {
    const response = await fetch(url, {
      method: body ? "POST" : "GET", credentials: "same-origin",
      headers: Object.assign({ Accept: "application/json" },
        body ? { "Content-Type": "application/json", "X-CSRFToken": csrf() } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((data.error && data.error.message) || "请求失败");
    return data;
  }

  function unitList(units, onPick) {
    const list = el("ol", "suggest-units");
    units.forEach((unit, i) => {
      const item = el("li", i === 0 ? "best" : "");
      const pick = el("button", "link-btn", unit.name + " " + percent(unit.score));
      pick.type = "button";
      pick.title = unit.reasons.join("\n");
      pick.addEventListener("click", () => onPick(unit));
      item.append(pick);
      if (unit.reasons.length) item.append(el("span", "muted small", " " + unit.reasons.slice(0, i === 0 ? 3 : 1).join(";")));
      list.append(item);
    });
    return list;
  }

  function duplicateList(duplicates, buttons) {
    const list = el("ul", "suggest-duplicates");
    duplicates.forEach((dup) => {
      const item = el("li");
      const link = el("a", "mono", dup.letter_number);
      link.href = "/console/tickets/" + dup.id + "/";
      item.append(link, " " + dup.title + " ", el("span", "badge status status-" + dup.status, dup.status_label || dup.status),
        el("span", "muted small", " " + dup.reasons.join(";") + " "));
      buttons(dup).forEach((button) => item.append(button));
      list.append(item);
    });
    return list;
  }

  function button(text, onClick, style) {
    const node = el("button", style || "btn btn-secondary btn-small", text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /* ---------- the multi-unit picker: chips over a comma list ---------- */
  function enhancePickers(root) {
    root.querySelectorAll("input[data-unit-picker=multi]").forEach((input) => {
      if (input.dataset.enhanced) return;
      input.dataset.enhanced = "1";
      const chips = el("div", "unit-chips");
      const adder = el("input", "picker-search");
      adder.setAttribute("list", "unit-options");
      adder.placeholder = "添加协办单位（输入名称或代码）";
      adder.setAttribute("aria-label", adder.placeholder);
      input.type = "hidden";
      input.after(chips, adder);
      const codes = () => input.value.split(/[,，\s]+/).filter(Boolean);
      const render = () => chips.replaceChildren(...codes().map((code) => {
        const chip = el("span", "chip", unitLabel(code) + " ");
        chip.append(button("×", () => { input.value = codes().filter((c) => c !== code).join(","); render(); }, "link-btn"));
        return chip;
      }));
      adder.addEventListener("change", () => {
        const code = adder.value.trim();
        if (document.querySelector('#unit-options option[value="' + CSS.escape(code) + '"]') && !codes().includes(code)) {
          input.value = codes().concat([code]).join(",");
          render();
        }
        adder.value = "";
      });
      input.addEventListener("unit-picker:set", render);
      render();
    });
  }
  /* ---------- single pickers over a shared list: show the name of the chosen code ---------- */
  function enhanceNamedInputs(root) {
    root.querySelectorAll("input[data-unit-picker=one], input[data-category-picker]").forEach((input) => {
      if (input.dataset.named) return;
      input.dataset.named = "1";
      const list = input.getAttribute("list");
      const label = el("span", "picker-label small muted");
      label.setAttribute("aria-live", "polite");
      input.after(label);
      const option = () => {
        const code = input.value.trim();
        return code ? document.querySelector("#" + list + ' option[value="' + CSS.escape(code) + '"]') : null;
      };
      const show = () => {
        const found = option();
        label.textContent = found ? found.textContent : input.value.trim() ? "未找到，请从列表中选择" : "";
      };
      input.addEventListener("input", show);
      input.addEventListener("unit-picker:set", show);
      if (input.dataset.categoryPicker) {
        // The category's usual unit becomes the lead unless the dispatcher already changed it.
        input.addEventListener("change", () => {
          const found = option();
          const lead = input.form && input.form.querySelector("input[name=department]");
          if (found && found.dataset.department && lead && (!lead.value || lead.value === lead.defaultValue)) {
            lead.value = found.dataset.department;
            lead.dispatchEvent(new Event("unit-picker:set"));
          }
        });
      }
      show();
    });
  }
  const setUnits = (input, codes) => {
    if (!input) return;
    input.value = codes.join(",");
    input.dispatchEvent(new Event("unit-picker:set"));
  };

  /* ---------- dispatch desk: one card ---------- */
  async function loadCard(box) {
    box.dataset.loaded = "1";
    const card = box.closest("[data-ticket]");
    let data;
    try {
      data = await api(box.dataset.suggestUrl);
    } catch (error) {
      box.append(el("p", "muted small", "智能建议暂不可用：" + error.message));
      return;
    }
    const dispatchForm = card.querySelector("form[data-action=dispatch]");
    const lead = dispatchForm && dispatchForm.querySelector("[name=department]");
    const co = dispatchForm && dispatchForm.querySelector("[name=co_departments]");
    const choose = (unit) => {
      if (!lead) return;
      lead.value = unit.code;
      lead.dispatchEvent(new Event("unit-picker:set"));
      setUnits(co, unit.co_departments || []);
    };
    const panel = el("div", "suggest-panel");
    if (data.departments.length) {
      const best = data.departments[0];
      // Pre-select the best unit unless the dispatcher already typed another one.
      if (lead && (!lead.value || lead.defaultValue === lead.value)) choose(best);
      const head = el("p", "suggest-head");
      head.append(el("strong", "", "智能建议：" + best.name + "（置信度 " + percent(best.score) + "）"));
      if (dispatchForm) {
        head.append(" ", button("按建议派单", () => { choose(best); dispatchForm.requestSubmit(); }, "btn btn-small"));
      }
      panel.append(head, unitList(data.departments, choose));
    }
    if (data.categories.length) {
      panel.append(el("p", "muted small", "建议分类：" + data.categories.slice(0, 3).map((c) => c.name + " " + percent(c.score)).join("、")));
    }
    if (data.duplicates.length) {
      panel.append(el("p", "suggest-warn", "疑似重复件："));
      const mergeForm = card.querySelector("form[data-action=merge]");
      panel.append(duplicateList(data.duplicates, (dup) => [
        button("并入该件", () => {
          if (!mergeForm) return toast("该工单当前不能并单", "error");
          mergeForm.querySelector("[name=into]").value = dup.letter_number;
          mergeForm.requestSubmit();
        }),
        button("关联为重复件", async () => {
          try {
            await api("/api/v1/tickets/" + card.dataset.ticket + "/actions/link_repeat/", { of: dup.id });
            toast("已关联为重复件，原承办单位会收到市民再次反映的提醒。");
          } catch (error) { toast(error.message, "error"); }
        }),
      ]));
    }
    box.append(panel);
  }

  function loadCards(root) {
    enhancePickers(root);
    enhanceNamedInputs(root);
    const boxes = Array.from(root.querySelectorAll("[data-suggest-url]:not([data-loaded])"));
    // Two at a time: a page of twenty cards must not hit the server with twenty calls at once.
    const next = () => { const box = boxes.shift(); return box ? loadCard(box).then(next) : null; };
    next();
    next();
  }

  /* ---------- agent console: the registration form ---------- */
  function agentForm(form) {
    const panel = document.querySelector("[data-suggest-form]");
    if (!panel) return;
    const out = panel.querySelector("[data-suggest-results]");
    const status = panel.querySelector("[data-suggest-status]");
    const field = (name) => form.elements.namedItem(name);
    let timer = null;
    let latest = 0;
    const choose = (unit) => {
      const lead = field("department");
      if (lead) { lead.value = unit.code; delete lead.dataset.auto; }
      const co = field("co_departments");
      if (co && co.options) Array.from(co.options).forEach((o) => { o.selected = (unit.co_departments || []).includes(o.value); });
    };
    async function refresh() {
      const body = {};
      ["title", "content", "type", "address", "phone", "category"].forEach((name) => {
        const input = field(name);
        if (input && input.value) body[name] = input.value;
      });
      if (!((body.title || "") + (body.content || "")).trim() && !body.phone) {
        out.replaceChildren();
        status.textContent = "输入标题、内容或电话后自动给出派单建议";
        return;
      }
      const mine = ++latest;
      status.textContent = "分析中…";
      let data;
      try { data = await api("/api/v1/suggestions/", body); } catch (error) {
        if (mine === latest) status.textContent = "派单建议暂不可用：" + error.message;
        return;
      }
      if (mine !== latest) return; // an older answer arriving late
      const parts = [];
      if (data.departments.length) {
        const lead = field("department");
        if (lead && (!lead.value || lead.dataset.auto)) { choose(data.departments[0]); lead.dataset.auto = "1"; }
        parts.push(el("h4", "", "建议承办单位"), unitList(data.departments, choose));
      }
      if (data.categories.length) {
        const cats = el("p", "suggest-cats");
        cats.append("建议分类：");
        data.categories.slice(0, 3).forEach((c) => cats.append(button(c.name + " " + percent(c.score), () => {
          const select = field("category");
          if (select) { select.value = c.code; select.dispatchEvent(new Event("change", { bubbles: true })); }
        }, "link-btn"), " "));
        parts.push(cats);
      }
      if (data.duplicates.length) {
        parts.push(el("h4", "suggest-warn", "疑似重复件"), duplicateList(data.duplicates, (dup) => [
          button("标记为该件的重复件", () => {
            field("repeat_of").value = dup.id;
            toast("登记后将关联为信件 " + dup.letter_number + " 的重复件。");
          }),
        ]));
      }
      out.replaceChildren(...parts);
      status.textContent = parts.length ? "" : "暂无建议";
    }
    form.addEventListener("input", (event) => {
      if (["title", "content", "address", "phone"].includes(event.target.name)) {
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
      }
    });
    form.addEventListener("change", (event) => {
      if (["type", "category"].includes(event.target.name)) refresh();
    });
    form.addEventListener("reset", () => { setTimeout(() => { out.replaceChildren(); field("repeat_of").value = ""; }, 0); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    loadCards(document);
    const register = document.querySelector("form[data-register]");
    if (register) agentForm(register);
    // Rows the live list adds or re-renders get their suggestions too.
    new MutationObserver(() => loadCards(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
