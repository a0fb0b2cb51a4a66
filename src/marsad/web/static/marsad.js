// marsad dashboard: draw the plots a page carries as JSON, and link highlights to side lists.
(function () {
  "use strict";
  function drawPlots() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll("div.plot[data-figure]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-figure"));
      if (!src) return;
      var fig = JSON.parse(src.textContent);
      Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false });
      if (el.hasAttribute("data-link")) {
        el.on("plotly_click", function (ev) {
          var id = ev.points && ev.points[0] && ev.points[0].customdata;
          if (id) window.location.href = el.getAttribute("data-link") + encodeURIComponent(id);
        });
      }
    });
  }
  function linkAnnotations() {
    var text = document.querySelector("#text .text");
    if (!text) return;
    document.querySelectorAll("[data-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("off-" + box.getAttribute("data-toggle"), !box.checked);
      });
    });
    document.querySelectorAll(".side li[data-ann]").forEach(function (li) {
      var id = li.getAttribute("data-ann");
      var spans = text.querySelectorAll('span[data-ann="' + id + '"]');
      li.addEventListener("mouseenter", function () {
        li.classList.add("hot");
        spans.forEach(function (s) { s.classList.add("hot"); });
      });
      li.addEventListener("mouseleave", function () {
        li.classList.remove("hot");
        spans.forEach(function (s) { s.classList.remove("hot"); });
      });
      li.addEventListener("click", function (ev) {
        if (ev.target.closest("a")) return;
        if (spans.length) spans[0].scrollIntoView({ behavior: "smooth", block: "center" });
      });
    });
  }
  function start() { drawPlots(); linkAnnotations(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
