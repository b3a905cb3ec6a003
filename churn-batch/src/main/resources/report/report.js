// Renders every chart of the page from the JSON options embedded by the report writer.
// Each chart element gets data-rendered="true" (or "error"), and <body> gets the totals, so a
// headless browser can check that everything rendered without reading pixels.
(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); mark(); });
  var specs = JSON.parse(document.getElementById('sparkify-charts').textContent);
  var charts = [];
  var rendered = 0;
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    try {
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(specs[id]);
      charts.push(chart);
      el.setAttribute('data-rendered', 'true');
      rendered++;
    } catch (e) {
      el.setAttribute('data-rendered', 'error');
      errors.push(id + ': ' + e.message);
      console.error('chart ' + id + ' failed: ' + e.message);
    }
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  function mark() {
    document.body.setAttribute('data-charts-expected', String(Object.keys(specs).length));
    document.body.setAttribute('data-charts-rendered', String(rendered));
    document.body.setAttribute('data-render-errors', String(errors.length));
  }
  mark();
})();
