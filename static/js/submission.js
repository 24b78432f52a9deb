// Live judging updates for one submission page, over the submission's WebSocket feed. When judging
// ends, the parts that only exist then (compile output, group scores, failed samples) are fetched.
(function () {
  "use strict";
  const root = document.getElementById("submission");
  if (!root) return;
  const labels = JSON.parse(document.getElementById("verdict-labels").textContent);
  const statusEl = document.getElementById("status");
  const verdictEl = document.getElementById("verdict");
  const scoreEl = document.getElementById("score");
  const progress = document.getElementById("progress");
  const progressText = document.getElementById("progress-text");
  const tbody = document.querySelector("#results tbody");
  const columns = document.querySelectorAll("#results thead th").length;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let retry = 500;

  function setVerdict(el, verdict) {
    el.className = "verdict v-" + (verdict || "pending");
    el.textContent = verdict ? labels[verdict] : el.textContent;
  }

  function setProgress(total) {
    if (total !== undefined) progress.max = total;
    progress.value = tbody.children.length;
    progressText.textContent = progress.value + " of " + progress.max;
  }

  function showTest(event) {
    let row = tbody.querySelector('tr[data-index="' + event.index + '"]');
    if (!row) {
      row = document.createElement("tr");
      row.dataset.index = event.index;
      for (let i = 0; i < columns; i++) row.appendChild(document.createElement("td"));
      row.children[2].className = row.children[3].className = "num";
      const after = Array.from(tbody.children).find((r) => Number(r.dataset.index) > event.index);
      tbody.insertBefore(row, after || null);
    }
    const cells = row.children;
    cells[0].textContent = event.index;
    setVerdict(cells[1], event.verdict);
    const skipped = event.verdict === "SK";
    cells[2].textContent = skipped ? "–" : event.time_ms + " ms";
    cells[3].textContent = skipped ? "–" : event.memory_kb + " KiB";
    setProgress(event.total);
    scoreEl.textContent = Number(event.score.toFixed(2));
  }

  async function refreshOutcome() {
    try {
      const html = await (await fetch(location.href, { credentials: "same-origin" })).text();
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("outcome");
      if (fresh) document.getElementById("outcome").replaceWith(fresh);
    } catch (e) {
      // The page as loaded stays; a reload shows the rest.
    }
  }

  function showSubmission(event) {
    const was = root.dataset.status;
    statusEl.textContent = event.status.charAt(0).toUpperCase() + event.status.slice(1);
    root.dataset.status = event.status;
    if (event.verdict) setVerdict(verdictEl, event.verdict);
    else {
      verdictEl.className = "verdict v-pending";
      verdictEl.textContent = statusEl.textContent;
    }
    scoreEl.textContent = Number(event.score.toFixed(2));
    if (event.time_ms !== null && event.time_ms !== undefined) {
      document.getElementById("time").textContent = event.time_ms + " ms";
      document.getElementById("memory").textContent = event.memory_kb + " KiB";
    }
    if (event.status === "queued") {
      tbody.replaceChildren();
      setProgress();
    }
    if (event.status === "done" && was !== "done") refreshOutcome();
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
