/* Ticket work page: who else has this ticket open, the warning when two people edit it at once,
 * and a notice when someone else changed it (the page never reloads under the person). */
(function () {
  "use strict";
  const H = window.Hotline;
  const room = document.querySelector("[data-ticket-room]");
  if (!H || !room) return;
  const presenceBox = room.querySelector("[data-presence]");
  const collisionBox = room.querySelector("[data-collision]");
  const staleBox = room.querySelector("[data-stale]");
  const me = (document.querySelector("[data-live-socket]") || {}).dataset || {};
  let editing = false;
  let idleTimer = null;

  function renderPresence(msg) {
    const others = (msg.viewers || []).filter((v) => !v.is_me);
    presenceBox.hidden = !others.length;
    presenceBox.replaceChildren();
    if (!others.length) return;
    presenceBox.append("同时在看：");
    others.forEach((viewer) => {
      const chip = document.createElement("span");
      chip.className = "viewer" + (viewer.editing ? " is-editing" : "");
      chip.textContent = viewer.name + "(" + (viewer.role_label || viewer.role || "") +
        (viewer.department ? " · " + viewer.department : "") + ")" + (viewer.editing ? " 正在编辑" : "");
      presenceBox.append(chip);
    });
    if (msg.collision) {
      collisionBox.textContent = msg.collision.message;
      collisionBox.hidden = false;
    } else if (!others.some((v) => v.editing)) {
      collisionBox.hidden = true;
    }
  }

  function setEditing(value) {
    if (value === editing || !H.socket) return;
    editing = value;
    H.socket.send({ type: "editing", editing: value });
  }

  room.addEventListener("focusin", (event) => {
    if (!event.target.closest("form")) return;
    clearTimeout(idleTimer);
    setEditing(true);
  });
  room.addEventListener("focusout", () => {
    clearTimeout(idleTimer);
    // Moving between fields of a form is not leaving it.
    idleTimer = setTimeout(() => {
      if (!(document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-ticket-room] form"))) {
        setEditing(false);
      }
    }, 1500);
  });
  room.addEventListener("submit", () => setEditing(false));

  H.on((msg) => {
    if (msg.type === "presence") {
      renderPresence(msg);
      return;
    }
    if (!msg.ticket || String(msg.ticket.id) !== room.dataset.ticketRoom) return;
    if (msg.ticket.version != null && Number(msg.ticket.version) <= Number(room.dataset.version)) return;
    const who = msg.event && msg.event.actor ? msg.event.actor : "他人";
    if (who === me.me) return;
    const what = msg.event ? msg.event.kind_label || "" : "";
    staleBox.querySelector("[data-stale-text]").textContent =
      "此工单刚被" + who + "更新（" + (msg.ticket.status_label || what) + "），页面内容可能已过期。";
    staleBox.hidden = false;
  });

  // 填入答复: a knowledge entry's answer goes into the answer box of whichever answering form this
  // person has (直接办结 for hotline staff, 答复 for the department); nothing is submitted.
  room.addEventListener("click", (event) => {
    const button = event.target.closest("[data-kb-fill]");
    if (!button) return;
    const box = room.querySelector('form[data-action="resolve_directly"] [name=answer], form[data-action="reply"] [name=text]');
    if (!box) {
      H.toast("当前没有可填写答复的操作。", "info");
      return;
    }
    const details = box.closest("details");
    if (details) details.open = true;
    box.value = button.dataset.kbAnswer;
    const article = box.form.querySelector("[name=kb_article]");
    if (article) article.value = button.dataset.kbFill;
    box.focus();
  });

  staleBox.querySelector("[data-reload]").addEventListener("click", () => location.reload());
})();
