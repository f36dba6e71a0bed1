/* 12345 consoles — the shared live layer (plain JavaScript, no build step).
 *
 * - Hotline.connect(path, onMessage): a WebSocket that reconnects with backoff and resumes from the
 *   last event id it saw (realtime/PROTOCOL.md), de-duplicating replayed events.
 * - Live lists: an element with data-list="<name>" holds rows with data-ticket="<id>". When an event
 *   concerns a ticket, the row is re-rendered by the server (/console/rows/<name>/<id>/): 200 gives
 *   the new row, 204 means the ticket left the list. Membership is decided in one place, server-side.
 * - Forms with data-ajax submit without leaving the page; errors appear next to their fields.
 * - Countdowns ([data-due], [data-warn]) tick every second and colour themselves ok/warning/overdue.
 * - Toasts, and a search box on every <select data-picker>.
 */
(function () {
  "use strict";
  const H = (window.Hotline = window.Hotline || {});
  const handlers = [];

  /* ---------- toasts ---------- */
  H.toast = function (text, kind, ms) {
    const stack = document.querySelector("[data-toasts]");
    if (!stack || !text) return;
    const el = document.createElement("div");
    el.className = "toast toast-" + (kind || "info");
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.textContent = text;
    el.addEventListener("click", () => el.remove());
    stack.appendChild(el);
    while (stack.children.length > 5) stack.firstElementChild.remove();
    setTimeout(() => {
      el.classList.add("toast-out");
      setTimeout(() => el.remove(), 400);
    }, ms || 6000);
  };

  /* ---------- the socket ---------- */
  function setStatus(on, text) {
    document.querySelectorAll("[data-live-status]").forEach((box) => {
      const dot = box.querySelector(".live-dot");
      if (dot) dot.classList.toggle("on", !!on);
      const label = box.querySelector("[data-live-text]");
      if (label) label.textContent = text;
    });
  }

  H.connect = function (path, onMessage, options) {
    const opts = options || {};
    let socket = null;
    let lastEventId = opts.since != null && opts.since !== "" ? Number(opts.since) : null;
    let delay = 1000;
    let stopped = false;
    let pinger = null;
    const seen = new Set();
    const seenOrder = [];

    function remember(id) {
      seen.add(id);
      seenOrder.push(id);
      if (seenOrder.length > 2000) seen.delete(seenOrder.shift());
    }

    function url() {
      const base = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
      return lastEventId != null ? base + (base.includes("?") ? "&" : "?") + "last_event_id=" + lastEventId : base;
    }

    function send(message) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    }

    function open() {
      socket = new WebSocket(url());
      socket.addEventListener("open", () => {
        delay = 1000;
        setStatus(true, "实时连接正常");
        clearInterval(pinger);
        pinger = setInterval(() => send({ type: "ping" }), 25000);
      });
      socket.addEventListener("message", (event) => {
        let msg;
        try {
          msg = JSON.parse(event.data);
        } catch (err) {
          return;
        }
        if (msg.type === "hello") {
          if (lastEventId == null) lastEventId = Number(msg.last_event_id || 0);
        } else if (msg.type === "resume.done") {
          if (msg.last_event_id != null) lastEventId = Math.max(lastEventId || 0, Number(msg.last_event_id));
          if (msg.complete === false) {
            // More was missed than the server replays: the page's lists are rebuilt from scratch.
            H.toast("网络中断期间的更新较多，正在重新载入页面…", "info");
            setTimeout(() => location.reload(), 800);
          }
        } else if (msg.type === "error") {
          if (msg.message) H.toast(msg.message, "error");
        }
        if (msg.event_id != null) {
          if (seen.has(msg.event_id)) return;
          remember(msg.event_id);
          lastEventId = Math.max(lastEventId || 0, Number(msg.event_id));
        }
        if (msg.type === "pong") return;
        onMessage(msg, api);
      });
      socket.addEventListener("close", (event) => {
        clearInterval(pinger);
        if (stopped) return;
        if (event.code === 4401) {
          setStatus(false, "登录已失效，请重新登录");
          H.toast("登录已失效，请重新登录后继续接收实时消息。", "error", 20000);
          return;
        }
        if (event.code === 4403) {
          setStatus(false, "无权接收此页面的实时消息");
          return;
        }
        setStatus(false, "连接中断，" + Math.round(delay / 1000) + " 秒后重连…");
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      });
    }

    const api = {
      send,
      close() {
        stopped = true;
        if (socket) socket.close();
      },
      get lastEventId() {
        return lastEventId;
      },
    };
    open();
    return api;
  };

  /* Page scripts subscribe here; every message of the page's socket reaches every handler. */
  H.on = function (handler) {
    handlers.push(handler);
  };

  /* ---------- live lists ---------- */
  const timers = new Map();

  function rowOf(list, id) {
    return list.querySelector(':scope > [data-ticket="' + id + '"]');
  }

  function isBusy(row) {
    const active = document.activeElement;
    if (active && active !== document.body && row.contains(active)) return true;
    return Array.from(row.querySelectorAll("textarea, input[type=text], input:not([type])")).some((f) => f.value.trim());
  }

  function updateCount(list, delta) {
    document.querySelectorAll('[data-list-count="' + list.dataset.list + '"]').forEach((badge) => {
      badge.textContent = Math.max(0, Number(badge.textContent || 0) + delta);
    });
  }

  function updateEmpty(list) {
    const empty = list.querySelector(":scope > .empty-row");
    if (empty) empty.hidden = !!list.querySelector(":scope > [data-ticket]");
  }

  function parseRow(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  async function refreshRow(list, id, force) {
    const row = rowOf(list, id);
    if (row && !force && isBusy(row)) {
      // Never yank a form from under someone typing: mark it, refresh when they are done.
      row.classList.add("row-stale");
      row.dataset.stale = "1";
      return;
    }
    let response;
    try {
      response = await fetch("/console/rows/" + list.dataset.list + "/" + id + "/" + location.search, {
        headers: { Accept: "text/html" }, credentials: "same-origin",
      });
    } catch (err) {
      return;
    }
    const current = rowOf(list, id);
    if (response.status === 204) {
      if (current) {
        current.classList.add("row-leaving");
        setTimeout(() => {
          current.remove();
          updateEmpty(list);
        }, 300);
        updateCount(list, -1);
      }
      return;
    }
    if (!response.ok) return;
    const fresh = parseRow(await response.text());
    if (!fresh) return;
    H.enhance(fresh);
    if (current) {
      current.replaceWith(fresh);
      H.tick();
    } else if ((list.dataset.page || "1") === "1") {
      list.prepend(fresh);
      fresh.classList.add("row-new");
      H.tick();
      updateCount(list, 1);
    } else {
      return;
    }
    updateEmpty(list);
  }

  H.refreshTicket = function (id, force) {
    document.querySelectorAll("[data-list]").forEach((list) => {
      if (rowOf(list, id)) refreshRow(list, id, force);
    });
  };

  function considerTicket(ticket) {
    if (!ticket || ticket.id == null) return;
    document.querySelectorAll("[data-list]").forEach((list) => {
      const statuses = (list.dataset.statuses || "").split(",");
      if (!rowOf(list, ticket.id) && !statuses.includes(ticket.status)) return;
      const key = list.dataset.list + ":" + ticket.id;
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => {
        timers.delete(key);
        refreshRow(list, ticket.id, false);
      }, 200));
    });
  }

  // Tab badges (the dispatch desk) are recounted by the server, at most once a second.
  let countsTimer = null;
  function refreshCounts() {
    const holder = document.querySelector("[data-counts-url]");
    if (!holder || countsTimer) return;
    countsTimer = setTimeout(async () => {
      countsTimer = null;
      try {
        const response = await fetch(holder.dataset.countsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const counts = await response.json();
        Object.entries(counts).forEach(([key, value]) => {
          const badge = holder.querySelector('[data-tab-count="' + key + '"]');
          if (badge) badge.textContent = value;
        });
      } catch (err) {
        /* the next event tries again */
      }
    }, 1000);
  }

  // A row whose refresh was held back is refreshed once its form is closed or submitted.
  document.addEventListener("toggle", (event) => {
    const row = event.target.closest && event.target.closest("[data-ticket].row-stale");
    if (row && !event.target.open) {
      const list = row.parentElement;
      if (list && list.dataset.list) refreshRow(list, row.dataset.ticket, true);
    }
  }, true);

  /* ---------- what an event says, for toasts ---------- */
  const TOAST_TRANSITIONS = {
    dispatch: "新派单", request_return: "申请退单", approve_return: "退单已同意", reject_return: "退单被驳回",
    reply: "已答复待审核", reject_reply: "答复被退回重办", approve_reply: "答复审核通过", reopen: "工单重办",
  };

  H.describe = function (msg) {
    const t = msg.ticket || {};
    const title = t.title ? "“" + t.title + "”" : "";
    switch (msg.type) {
      case "ticket.created":
        return ["新来信" + (t.channel === "wechat" ? "（微信）" : t.channel === "web" ? "（网站）" : "") + ":" + (t.title || ""), "info"];
      case "ticket.urged":
        return ["催办：" + title + (msg.event && msg.event.text ? " — " + msg.event.text : ""), "warning"];
      case "sla.warning":
        return ["时限预警：" + title + (msg.deadline === "sign" ? " 签收" : " 答复") + "即将到期", "warning"];
      case "sla.overdue":
        return ["已超时：" + title + (msg.deadline === "sign" ? " 未按时签收" : " 未按时答复"), "error"];
      case "ticket.changed":
        if (msg.transition && TOAST_TRANSITIONS[msg.transition]) return [TOAST_TRANSITIONS[msg.transition] + ":" + title, "info"];
        if (msg.kind === "extension_requested") return ["延期申请：" + title, "info"];
        return null;
      default:
        return null;
    }
  };

  /* ---------- forms submitted by script ---------- */
  function clearErrors(form) {
    form.querySelectorAll("ul.errorlist[data-live]").forEach((ul) => ul.remove());
    form.querySelectorAll(".has-error").forEach((el) => el.classList.remove("has-error"));
    const box = form.querySelector("[data-form-errors]");
    if (box) box.textContent = "";
  }

  H.showErrors = function (form, error) {
    clearErrors(form);
    const general = [];
    Object.entries(error.fields || {}).forEach(([name, messages]) => {
      const holder = form.querySelector('[data-field="' + name + '"]');
      const list = Array.isArray(messages) ? messages : [messages];
      if (!holder) {
        general.push(...list);
        return;
      }
      holder.classList.add("has-error");
      holder.querySelectorAll("ul.errorlist").forEach((ul) => ul.remove());
      const ul = document.createElement("ul");
      ul.className = "errorlist";
      ul.dataset.live = "1";
      list.forEach((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        ul.appendChild(li);
      });
      holder.appendChild(ul);
    });
    if (!general.length && error.message) general.push(error.message);
    const box = form.querySelector("[data-form-errors]");
    general.forEach((text) => {
      const p = document.createElement("p");
      p.className = "field-error";
      p.textContent = text;
      if (box) box.appendChild(p);
    });
    const first = form.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (first) first.focus();
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-ajax]");
    if (!form) return;
    event.preventDefault();
    const body = new FormData(form, event.submitter || undefined);
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    form.classList.add("is-busy");
    try {
      const response = await fetch(form.action, {
        method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
      });
      let data = null;
      try {
        data = await response.json();
      } catch (err) {
        data = null;
      }
      if (response.ok && data && data.ok) {
        clearErrors(form);
        H.toast(data.message, "success");
        form.dispatchEvent(new CustomEvent("hotline:done", { bubbles: true, detail: data }));
        if (form.dataset.ticket) H.refreshTicket(form.dataset.ticket, true);
      } else {
        H.showErrors(form, (data && data.error) || { message: "操作未成功（" + response.status + "），请稍后重试。" });
      }
    } catch (err) {
      H.showErrors(form, { message: "网络异常，请检查网络后重试。" });
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      form.classList.remove("is-busy");
    }
  });

  /* ---------- countdowns ---------- */
  function span(ms) {
    const s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d) return d + "天" + h + "小时";
    if (h) return h + "小时" + m + "分";
    return m + "分" + String(s % 60).padStart(2, "0") + "秒";
  }

  H.tick = function () {
    const now = Date.now();
    document.querySelectorAll("[data-due]").forEach((el) => {
      const due = Date.parse(el.dataset.due);
      if (Number.isNaN(due)) return;
      const warn = el.dataset.warn ? Date.parse(el.dataset.warn) : NaN;
      const left = due - now;
      const state = left <= 0 ? "overdue" : !Number.isNaN(warn) && now >= warn ? "warning" : "ok";
      el.textContent = left <= 0 ? "已超时 " + span(left) : "剩余 " + span(left);
      if (el.dataset.state !== state) {
        el.classList.remove("sla-ok", "sla-warning", "sla-overdue");
        el.classList.add("sla-" + state);
        el.dataset.state = state;
      }
    });
  };

  /* ---------- pickers ---------- */
  H.enhance = function (root) {
    root.querySelectorAll("select[data-picker]").forEach((select) => {
      if (select.dataset.enhanced) return;
      select.dataset.enhanced = "1";
      const search = document.createElement("input");
      search.type = "search";
      search.className = "picker-search";
      search.placeholder = select.dataset.picker === "category" ? "搜索分类（名称或代码）" : "搜索单位名称";
      search.setAttribute("aria-label", search.placeholder);
      select.before(search);
      search.addEventListener("input", () => {
        const query = search.value.trim().toLowerCase();
        let first = null;
        Array.from(select.options).forEach((option) => {
          if (!option.value) return;
          const match = !query || option.text.toLowerCase().includes(query) || option.value.toLowerCase().includes(query);
          option.hidden = !match && !option.selected;
          if (match && !first) first = option;
        });
        // Typing narrows a single picker to its best match, so "住建" + Enter is a complete choice.
        if (!select.multiple && query && first && select.value !== first.value) {
          select.value = first.value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      search.addEventListener("keydown", (event) => {
        if (event.key === "Enter") event.preventDefault();
      });
    });
  };

  /* ---------- wallboard counters ---------- */
  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  H.applyCounters = function (counters) {
    document.querySelectorAll("[data-counter]").forEach((el) => {
      const value = counters[el.dataset.counter];
      if (value == null || String(value) === el.textContent) return;
      el.textContent = value;
      el.classList.remove("bump");
      void el.offsetWidth; // restart the highlight animation
      el.classList.add("bump");
    });
    const body = document.querySelector("[data-departments]");
    if (body && Array.isArray(counters.by_department)) {
      const rows = counters.by_department.map((d) => {
        const tr = document.createElement("tr");
        tr.append(cell(d.label || d.name), cell(d.in_hand), cell(d.waiting_signature),
          cell(d.overdue, d.overdue ? "overdue-cell" : ""));
        return tr;
      });
      if (!rows.length) {
        const tr = document.createElement("tr");
        const td = cell("暂无在办工单。", "muted");
        td.colSpan = 4;
        tr.append(td);
        rows.push(tr);
      }
      body.replaceChildren(...rows);
    }
    const at = document.querySelector("[data-counters-at]");
    if (at && counters.at) at.textContent = "更新于 " + new Date(counters.at).toLocaleTimeString("zh-CN");
  };

  H.on((msg) => {
    if (msg.type === "counters") H.applyCounters(msg);
  });

  /* ---------- start ---------- */
  document.addEventListener("DOMContentLoaded", () => {
    H.enhance(document);
    H.tick();
    setInterval(H.tick, 1000);
    const holder = document.querySelector("[data-live-socket]");
    if (!holder || !("WebSocket" in window)) return;
    const me = holder.dataset.me || "";
    H.socket = H.connect(holder.dataset.liveSocket, (msg, socket) => {
      if (msg.ticket) {
        considerTicket(msg.ticket);
        refreshCounts();
      }
      const mine = msg.event && msg.event.actor && msg.event.actor === me;
      const toast = !mine && !msg.replayed && document.querySelector("[data-list]") ? H.describe(msg) : null;
      if (toast) H.toast(toast[0], toast[1]);
      handlers.forEach((handler) => handler(msg, socket));
    }, { since: holder.dataset.liveSince });
  });
})();
