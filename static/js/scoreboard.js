// The live scoreboard: rows pushed over the contest feed replace their row, which moves to its place;
// ranks are recomputed from the rows' keys (equal keys share a rank, the next ones are skipped).
(function () {
  "use strict";
  const table = document.getElementById("scoreboard");
  if (!table) return;
  const body = document.getElementById("board-rows");
  const own = document.getElementById("own-row");
  const jury = document.getElementById("contest").dataset.view === "jury";
  const filtered = table.dataset.group !== "";

  function key(row) {
    return row.dataset.key.split(" ").map(Number);
  }

  function compare(a, b) {
    const x = key(a);
    const y = key(b);
    if (x[0] !== y[0]) return y[0] - x[0];
    if (x[1] !== y[1]) return x[1] - y[1];
    if (x[2] !== y[2]) return x[2] - y[2];
    return Number(a.dataset.team) - Number(b.dataset.team);
  }

  function rerank() {
    const rows = Array.from(body.children).sort(compare);
    let previousKey = null;
    let rank = 0;
    rows.forEach(function (row, i) {
      if (row.dataset.key !== previousKey) rank = i + 1;
      body.appendChild(row);
      row.firstElementChild.textContent = String(rank);
      previousKey = row.dataset.key;
    });
  }

  function showRow(event) {
    let row = body.querySelector('tr[data-team="' + event.team + '"]');
    if (!row) {
      if (filtered) return;
      row = document.createElement("tr");
      row.dataset.team = event.team;
      body.appendChild(row);
    }
    row.dataset.key = event.key[0] + " " + event.key[1] + " " + event.key[2];
    row.innerHTML = '<td class="rank"></td>' + event.html;
    row.classList.add("changed");
    setTimeout(function () { row.classList.remove("changed"); }, 2000);
    rerank();
  }

  document.addEventListener("contest-event", function (e) {
    const event = e.detail;
    if (event.kind === "reload") location.reload();
    else if (event.kind === "row" && event.jury === jury) showRow(event);
    else if (event.kind === "own" && own) own.firstElementChild.innerHTML = '<td class="rank">You</td>' + event.html;
  });
})();
