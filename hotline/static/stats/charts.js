/* The statistics page's charts, drawn with the vendored ECharts (static/vendor/echarts) from the
 * data the page embeds (#chart-data). No network access: pages must work inside a government network. */
(function () {
  "use strict";
  const source = document.getElementById("chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const BLUE = "#0b4ea2", GREY = "#8a94a3";
  const PALETTE = [BLUE, "#c8102e", "#1a7f37", "#b76e00", "#6f42c1", "#0a7c86", "#5f6b7a", "#d63384"];
  const charts = [];

  function draw(name, option) {
    const box = document.querySelector('[data-chart="' + name + '"]');
    if (!box) return;
    const chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ color: PALETTE, textStyle: { fontFamily: "inherit" }, animation: false }, option));
    box.dataset.rendered = "1";
    charts.push(chart);
  }

  function empty(name, text) {
    const box = document.querySelector('[data-chart="' + name + '"]');
    if (box) {
      box.classList.add("chart-empty");
      box.textContent = text;
      box.dataset.rendered = "empty";
    }
  }

  const trend = data.trend;
  draw("trend", {
    tooltip: {
      trigger: "axis",
      formatter: (items) => items.map((item) => {
        const day = item.seriesIndex === 0 ? trend.days[item.dataIndex] : trend.previous_days[item.dataIndex];
        return item.marker + item.seriesName + " " + day + ":" + item.value + " 件";
      }).join("<br>"),
    },
    legend: { data: ["本期", "上一期"], top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 48 },
    xAxis: { type: "category", name: "日期", nameLocation: "middle", nameGap: 30, boundaryGap: false,
             data: trend.days.map((d) => d.slice(5)) },
    yAxis: { type: "value", name: "受理量（件）", minInterval: 1 },
    series: [
      { name: "本期", type: "line", data: trend.current, symbolSize: 6, lineStyle: { width: 3, color: BLUE },
        itemStyle: { color: BLUE }, areaStyle: { opacity: 0.08 } },
      { name: "上一期", type: "line", data: trend.previous, symbolSize: 4,
        lineStyle: { width: 2, type: "dashed", color: GREY }, itemStyle: { color: GREY } },
    ],
  });

  function pie(name, rows, label) {
    if (!rows.length) return empty(name, "该期间暂无数据");
    draw(name, {
      tooltip: { trigger: "item", formatter: "{b}:{c} 件（{d}%）" },
      legend: { type: "scroll", bottom: 0 },
      series: [{ name: label, type: "pie", radius: ["38%", "68%"], center: ["50%", "45%"], data: rows,
                 label: { formatter: "{b}\n{c} 件" } }],
    });
  }
  pie("by_type", data.by_type, "诉求类型");
  pie("by_channel", data.by_channel, "受理渠道");

  const ranking = data.ranking;
  if (!ranking.names.length) {
    empty("ranking", "该期间暂无可排名的单位");
  } else {
    draw("ranking", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => v + " 分" },
      grid: { left: 150, right: 40, top: 16, bottom: 32 },
      xAxis: { type: "value", name: "综合得分", max: 100 },
      // Best at the top: ECharts draws a category axis from the bottom up.
      yAxis: { type: "category", data: ranking.names.slice().reverse(), axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ name: "综合得分", type: "bar", data: ranking.scores.slice().reverse(), itemStyle: { color: BLUE },
                 label: { show: true, position: "right" } }],
    });
  }

  const cmp = data.comparison;
  draw("comparison", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
               valueFormatter: (v) => (v == null ? "无数据" : v) },
    legend: { data: ["本期", "上一期"], top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: "category", data: cmp.labels },
    yAxis: { type: "value" },
    series: [
      { name: "本期", type: "bar", data: cmp.current, itemStyle: { color: BLUE }, label: { show: true, position: "top" } },
      { name: "上一期", type: "bar", data: cmp.previous, itemStyle: { color: GREY }, label: { show: true, position: "top" } },
    ],
  });

  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
