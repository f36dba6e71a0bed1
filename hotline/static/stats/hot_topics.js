/* The hot-topics chart (ECharts, vendored under static/vendor/echarts) and live spike alerts. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("topic-data").textContent || "[]").slice(0, 10).reverse();
  const box = document.getElementById("topic-chart");
  if (window.echarts && box) {
    if (!data.length) { box.hidden = true; } else {
      const chart = window.echarts.init(box);
      chart.setOption({
        tooltip: { trigger: "axis" }, legend: { data: ["本期", "上期"] },
        grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: data.map((t) => t.label), axisLabel: { width: 260, overflow: "truncate" } },
        series: [{ name: "本期", type: "bar", data: data.map((t) => t.count) },
                 { name: "上期", type: "bar", data: data.map((t) => t.previous_count) }],
      });
      window.addEventListener("resize", () => chart.resize());
    }
  }
  // Live: a spike raised while the page is open appears at once (the wallboard socket).
  const alerts = document.querySelector("[data-topic-alerts]");
  if (!alerts || !window.WebSocket) return;
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + "/ws/wallboard/");
  socket.addEventListener("message", (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type !== "topic.alert") return;
    const line = document.createElement("p");
    line.className = "alert-line";
    line.textContent = "预警 " + msg.alert.day + " " + msg.alert.label + ":" + msg.alert.reason;
    alerts.prepend(line);
  });
})();
