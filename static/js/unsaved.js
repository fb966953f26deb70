// Warn before leaving a page with unsaved answers (a comment or link elsewhere would lose them).
(function () {
  var form = document.getElementById("item-form"); if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) { if (dirty) { event.preventDefault(); event.returnValue = ""; } });
})();
