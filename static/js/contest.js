// Every contest page: the countdown, the contest's live feed, and the unread clarifications count.
// Other scripts (scoreboard.js) listen for "contest-event" on the document.
(function () {
  "use strict";
  const root = document.getElementById("contest");
  if (!root) return;
  const slug = root.dataset.slug;
  const unread = document.getElementById("unread");
  const list = document.getElementById("clarifications");
  const countdown = root.querySelector(".countdown");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let retry = 500;
  let waitingForStart = Date.now() < Date.parse(root.dataset.ownStart || root.dataset.start);

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function span(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const days = Math.floor(s / 86400);
    const clock = pad(Math.floor((s % 86400) / 3600)) + ":" + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
    return days ? days + "d " + clock : clock;
  }

  function tick() {
    if (!countdown) return;
    const now = Date.now();
    const start = Date.parse(root.dataset.ownStart || root.dataset.start);
    const end = Date.parse(root.dataset.ownEnd || root.dataset.end);
    if (now < start) countdown.textContent = "starts in " + span(start - now);
    else if (now < end) countdown.textContent = span(end - now) + " left";
    else countdown.textContent = "over";
    if (waitingForStart && now >= start) {
      // The problems appear at the start: show them without a manual reload.
      waitingForStart = false;
      setTimeout(function () { location.reload(); }, 1000);
    }
  }

  function setUnread(count) {
    if (!unread) return;
    unread.dataset.count = String(count);
    unread.textContent = String(count);
    unread.hidden = count === 0;
  }

  function showClarification(data) {
    if (!list || list.querySelector('[data-id="' + data.id + '"]')) return;
    const empty = list.querySelector(".empty");
    if (empty) empty.remove();
    const item = document.createElement("li");
    item.className = "clarification new" + (data.from_jury ? " from-jury" : "");
    item.dataset.id = data.id;
    const meta = document.createElement("p");
    meta.className = "meta";
    let kind = data.from_jury ? (data.reply_to ? "Answer" + (data.to_all ? " to everyone" : "") : "Announcement") : "Question from " + data.from_team;
    if (data.problem) kind += " · " + data.problem;
    meta.textContent = kind;
    const text = document.createElement("p");
    text.className = "text";
    text.textContent = data.text;
    item.append(meta, text);
    list.appendChild(item);
  }

  function onClarification(event) {
    if (root.dataset.juryPage === "1") {
      const note = document.getElementById("new-questions");
      if (note && !event.from_jury) note.hidden = false;
      return;
    }
    const url = "/contests/" + slug + "/clarifications/" + event.id + ".json" + (list ? "?read=1" : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (list) showClarification(data);
        else if (data.from_jury) setUnread(Number(unread ? unread.dataset.count : 0) + 1);
      });
  }

  function connect() {
    const view = root.dataset.view === "jury" ? "?view=jury" : "";
    const socket = new WebSocket(scheme + "://" + location.host + "/ws/contests/" + slug + "/" + view);
    socket.onopen = function () {
      retry = 500;
      root.dataset.live = "1";
    };
    socket.onmessage = function (message) {
      const event = JSON.parse(message.data);
      if (event.kind === "clarification") onClarification(event);
      document.dispatchEvent(new CustomEvent("contest-event", { detail: event }));
    };
    socket.onclose = function (closed) {
      root.dataset.live = "0";
      if (closed.code === 4403) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  tick();
  setInterval(tick, 1000);
  connect();
})();
