// The review page's script: the print button; and, on a calibration session's page, the edits
// (sent as JSON), the live updates of every open page (server-sent events) and the 9-box moves by
// drag and drop or by arrow keys. Reading never needs it.
"use strict";

document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-button");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  const session = document.getElementById("session");
  if (session) startSession(session);
});

const LEVELS = ["LOW", "MODERATE", "HIGH"];
// After the last change, the whole page is read again this much later (see refreshSoon), when
// the change may move figures beyond the parts its event carries: a nomination's shares of the
// bench of the person's other roles, the vacancy chains through the role.
const RECONCILE_MS = 2000;
const SPREADS = new Set(["NOMINATE", "READINESS", "WITHDRAW", "UNDO"]);

function startSession(root) {
  const id = root.dataset.sessionId;
  const base = "/review/sessions/" + encodeURIComponent(id);
  const status = document.getElementById("session-status");
  const liveState = document.getElementById("live-state");
  let seq = Number(root.dataset.seq || "0");

  function say(text, kind) {
    status.hidden = false;
    status.textContent = text;
    status.className = "notice" + (kind === "error" ? " notice-error" : "");
  }

  let live = false;
  let reloading = null;

  // Swap in the fresh versions of `selectors` from `doc` (a page the server rendered), keeping
  // what someone is typing in a card's edit fields and where the keyboard focus was.
  function swap(doc, selectors) {
    const focused = document.activeElement && document.activeElement.id;
    const focusedPerson = document.activeElement && document.activeElement.classList.contains("chip")
      ? document.activeElement.dataset.personId : null;
    const typed = new Map();
    for (const field of document.querySelectorAll("#board .card-edit input, #board .card-edit select")) {
      if (field.id && field.value !== field.defaultValue) typed.set(field.id, field.value);
    }
    for (const selector of selectors) {
      const fresh = doc.querySelector(selector);
      const old = document.querySelector(selector);
      if (fresh && old) old.replaceWith(document.importNode(fresh, true));
    }
    for (const [fieldId, value] of typed) {
      const field = document.getElementById(fieldId);
      if (field) field.value = value;
    }
    const note = document.getElementById("no-changes");
    if (note && document.querySelector("#changes-log li")) note.remove();
    const freshParticipants = doc.querySelector("[data-field=participants]");
    const participants = document.querySelector("[data-field=participants]");
    if (freshParticipants && participants) participants.textContent = freshParticipants.textContent;
    wire();
    if (focusedPerson) {
      const chip = document.querySelector(`.chip[data-person-id="${CSS.escape(focusedPerson)}"]`);
      if (chip) chip.focus();
    } else if (focused && document.activeElement !== document.getElementById(focused)) {
      const again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  async function refresh() {
    // The figures are the server's: fetch the page again and swap the board and the log.
    const response = await fetch(base, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return;
    swap(new DOMParser().parseFromString(await response.text(), "text/html"), ["#board", "#changes-log"]);
  }

  // A change's event carries the changed cards (and the 9-box when a rating moved) as the server
  // rendered them: they are swapped in at once. A readiness change may move other cards too (a
  // person's nominations are shared between the roles they are nominated for), so after one the
  // whole page is read again once the changes stop for a moment.
  function refreshSoon(ms) {
    if (reloading) clearTimeout(reloading);
    reloading = setTimeout(() => { reloading = null; refresh(); }, ms);
  }

  function applyLive(parts) {
    const doc = new DOMParser().parseFromString(parts.html, "text/html");
    const selectors = parts.cards.map((roleId) => `article.role-card[data-role-id="${CSS.escape(roleId)}"]`);
    if (parts.nineBox) selectors.push("#nine-box");
    selectors.push("#changes-log");
    swap(doc, selectors);
  }

  async function send(change) {
    const response = await fetch(base + "/changes", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(change),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = body.error || { message: "the change was not saved" };
      if (error.code === "CONFLICT") {
        say("Conflict: " + error.message + ". The page now shows the current value.", "error");
      } else {
        say("Not saved: " + error.message, "error");
      }
      await refresh();
      return null;
    }
    say("Saved: change #" + body.change.seq + ".", "ok");
    // the session's events bring the change to this page as to every other
    if (!live) await refresh();
    return body.change;
  }

  function cardOf(el) { return el.closest("article.role-card"); }

  function noteOf(card) {
    const input = card && card.querySelector(".note-input");
    const note = input ? input.value.trim() : "";
    if (input) input.value = "";
    return note || null;
  }

  function onClick(event) {
    const button = event.target.closest("button[data-op]");
    if (!button) return;
    const op = button.dataset.op;
    if (op === "undo") { send({ op: "undo" }); return; }
    const card = cardOf(button);
    const roleId = card.dataset.roleId;
    const row = button.closest("tr[data-person-id]");
    if (op === "discussed") send({ op, roleId, note: noteOf(card) });
    if ((op === "readiness" || op === "withdraw") && row) {
      const change = { op, roleId, employeeId: row.dataset.personId, version: Number(row.dataset.version), note: noteOf(card) };
      if (op === "readiness") change.readiness = row.querySelector(".readiness-input").value;
      send(change);
    }
    if (op === "nominate") {
      const person = card.querySelector(".person-input").value.trim();
      if (!person) { say("Type the employee id of the person to nominate.", "error"); return; }
      // a pair shown on the card sends its version; anyone else: "not nominated now" (null)
      const shown = card.querySelector(`tr[data-person-id="${CSS.escape(person)}"]`);
      send({
        op: "readiness", roleId, employeeId: person,
        version: shown ? Number(shown.dataset.version) : null,
        readiness: card.querySelector(".card-edit .readiness-input").value, note: noteOf(card),
      });
    }
    if (op === "action") {
      send({
        op, roleId, what: card.querySelector(".what-input").value,
        owner: card.querySelector(".owner-input").value, due: card.querySelector(".due-input").value,
        note: noteOf(card),
      });
    }
  }

  function move(chip, performance, potential) {
    send({ op: "rate", employeeId: chip.dataset.personId, performance, potential, version: Number(chip.dataset.version) });
  }

  function onKey(event) {
    const chip = event.target.closest(".chip");
    if (!chip) return;
    const cell = chip.closest("td");
    let p = LEVELS.indexOf(cell.dataset.performance);
    let q = LEVELS.indexOf(cell.dataset.potential);
    if (event.key === "ArrowRight") p += 1;
    else if (event.key === "ArrowLeft") p -= 1;
    else if (event.key === "ArrowUp") q += 1;
    else if (event.key === "ArrowDown") q -= 1;
    else return;
    event.preventDefault();
    if (p < 0 || p > 2 || q < 0 || q > 2) return;
    move(chip, LEVELS[p], LEVELS[q]);
  }

  function wire() {
    const board = document.getElementById("board");
    if (!board) return;
    if (!board.dataset.wired) {
      board.dataset.wired = "yes";
      board.addEventListener("click", onClick);
      board.addEventListener("keydown", onKey);
      board.addEventListener("dragstart", (event) => {
        const chip = event.target.closest && event.target.closest(".chip");
        if (chip) event.dataTransfer.setData("text/plain", chip.dataset.personId);
      });
    }
    for (const cell of board.querySelectorAll(".nine-box td[data-performance]")) {
      if (cell.dataset.wired) continue;
      cell.dataset.wired = "yes";
      cell.addEventListener("dragover", (event) => { event.preventDefault(); cell.classList.add("drop-target"); });
      cell.addEventListener("dragleave", () => cell.classList.remove("drop-target"));
      cell.addEventListener("drop", (event) => {
        event.preventDefault();
        cell.classList.remove("drop-target");
        const person = event.dataTransfer.getData("text/plain");
        const chip = board.querySelector(`.chip[data-person-id="${CSS.escape(person)}"]`);
        if (chip && chip.closest("td") !== cell) move(chip, cell.dataset.performance, cell.dataset.potential);
      });
    }
  }

  document.querySelector(".session-tools")?.addEventListener("click", onClick);
  wire();

  if (root.dataset.open === "yes" && window.EventSource) {
    const source = new EventSource(base + "/events?after=" + seq);
    source.addEventListener("open", () => {
      live = true;
      liveState.textContent = "Live: changes by others appear here as they are made.";
    });
    source.addEventListener("error", () => { live = false; });
    source.addEventListener("change", (event) => {
      const change = JSON.parse(event.data);
      if (change.seq <= seq) return;
      seq = change.seq;
      say("Change #" + change.seq + " by " + change.by + ".", "ok");
      if (change.live) {
        applyLive(change.live);
        if (SPREADS.has(change.kind)) refreshSoon(RECONCILE_MS);
      } else {
        refreshSoon(200);
      }
    });
    source.addEventListener("closed", (event) => {
      source.close();
      const by = JSON.parse(event.data).by;
      say("The session was closed" + (by ? " by " + by : "") + ".", "ok");
      liveState.textContent = "Closed.";
    });
  }
}
