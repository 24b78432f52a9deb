// Live judging updates for one submission page, over the submission's WebSocket feed.
(function () {
  "use strict";
  const root = document.getElementById("submission");
  if (!root) return;
  const labels = JSON.parse(document.getElementById("verdict-labels").textContent);
  const statusEl = document.getElementById("status");
  const verdictEl = document.getElementById("verdict");
  const scoreEl = document.getElementById("score");
  const progress = document.getElementById("progress");
  const tbody = document.querySelector("#results tbody");
  const columns = document.querySelectorAll("#results thead th").length;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let retry = 500;

  function setVerdict(el, verdict) {
    el.className = "verdict v-" + (verdict || "pending");
    el.textContent = verdict ? labels[verdict] : el.textContent;
  }

  function showTest(event) {
    let row = tbody.querySelector('tr[data-index="' + event.index + '"]');
    if (!row) {
      row = document.createElement("tr");
      row.dataset.index = event.index;
      for (let i = 0; i < columns; i++) row.appendChild(document.createElement("td"));
      const after = Array.from(tbody.children).find((r) => Number(r.dataset.index) > event.index);
      tbody.insertBefore(row, after || null);
    }
    const cells = row.children;
    cells[0].textContent = event.index;
    setVerdict(cells[1], event.verdict);
    cells[2].textContent = event.time_ms + " ms";
    cells[3].textContent = event.memory_kb + " KiB";
    progress.max = event.total;
    progress.value = tbody.children.length;
    scoreEl.textContent = Number(event.score.toFixed(2));
  }

  function showSubmission(event) {
    statusEl.textContent = event.status.charAt(0).toUpperCase() + event.status.slice(1);
    root.dataset.status = event.status;
    if (event.verdict) setVerdict(verdictEl, event.verdict);
    else verdictEl.textContent = statusEl.textContent;
    scoreEl.textContent = Number(event.score.toFixed(2));
    if (event.status === "queued") {
      tbody.replaceChildren();
      progress.value = 0;
    }
  }

  function connect() {
    const socket = new WebSocket(scheme + "://" + location.host + "/ws/submissions/" + root.dataset.id + "/");
    socket.onopen = () => { retry = 500; root.dataset.live = "1"; };
    socket.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.kind === "test") showTest(event);
      else if (event.kind === "submission") showSubmission(event);
    };
    socket.onclose = (close) => {
      root.dataset.live = "0";
      if (close.code === 4403) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  connect();
})();
