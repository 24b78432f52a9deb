// The staff's live queue: rows follow their submissions' events; an unknown submission reloads the rows.
(function () {
  "use strict";
  const tbody = document.getElementById("queue-rows");
  const live = document.getElementById("queue-live");
  if (!tbody) return;
  const labels = JSON.parse(document.getElementById("verdict-labels").textContent);
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let retry = 500;
  let reloading = null;
  let again = false;

  // The rows as stored now. Events that arrive while a reload is under way may be newer than what it
  // fetches: one more reload follows.
  function reloadRows() {
    if (reloading) {
      again = true;
      return;
    }
    reloading = setTimeout(async () => {
      try {
        const response = await fetch(location.pathname + "?rows=1", { credentials: "same-origin" });
        if (response.ok) tbody.innerHTML = await response.text();
      } finally {
        reloading = null;
        if (again) {
          again = false;
          reloadRows();
        }
      }
    }, 300);
  }

  function cell(row, name) { return row.querySelector('[data-cell="' + name + '"]'); }

  function onEvent(event) {
    const row = tbody.querySelector('tr[data-id="' + event.submission + '"]');
    if (!row) return reloadRows();
    if (event.kind === "test") {
      cell(row, "tests").textContent = event.index + "/" + event.total;
    } else if (event.kind === "submission") {
      cell(row, "status").textContent = event.status.charAt(0).toUpperCase() + event.status.slice(1);
      const verdict = cell(row, "verdict");
      verdict.className = "verdict v-" + (event.verdict || "pending");
      verdict.textContent = event.verdict ? labels[event.verdict] : cell(row, "status").textContent;
      if (event.time_ms !== null && event.time_ms !== undefined) cell(row, "time").textContent = event.time_ms + " ms";
      if (event.status === "done") reloadRows();  // its rejudge button appears
    }
  }

  function connect() {
    const socket = new WebSocket(scheme + "://" + location.host + "/ws/queue/");
    socket.onopen = () => {
      retry = 500;
      live.dataset.live = "1";
      // What changed between the page's rendering (or a lost connection) and now was not sent.
      reloadRows();
    };
    socket.onmessage = (message) => onEvent(JSON.parse(message.data));
    socket.onclose = (close) => {
      live.dataset.live = "0";
      if (close.code === 4403) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  connect();
})();
