/*
 * The citation on a project page (`.pe-cite`): its address made absolute from the browser's
 * location when the site has no base_url, and a copy button. Text only (textContent), no
 * inline scripts, no innerHTML. Runs after each (instant) navigation via Material's
 * `document$`, else on DOMContentLoaded.
 */
(function () {
  "use strict";

  function selectNode(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /** Copy with the Clipboard API; where it is missing (plain http), select and copy. */
  function copyText(text, node) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      selectNode(node);
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (err) {
        done = false;
      }
      if (done) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-pe-cite-relative]").forEach(function (el) {
      try {
        var url = new URL(el.getAttribute("data-pe-cite-relative"), window.location.href);
        url.hash = "";
        url.search = "";
        el.textContent = url.href;
      } catch (err) {
        return;  // keep the site-relative address
      }
      el.removeAttribute("data-pe-cite-relative");
    });
    document.querySelectorAll("button[data-pe-copy]").forEach(function (button) {
      if (button.hasAttribute("data-pe-copy-ready")) {
        return;
      }
      var target = document.getElementById(button.getAttribute("data-pe-copy"));
      if (!target) {
        return;
      }
      button.setAttribute("data-pe-copy-ready", "");
      var status = button.parentNode.querySelector(".pe-cite__status");
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.textContent.replace(/\s+/g, " ").trim();
        copyText(text, target).then(function () {
          button.setAttribute("data-copied", text);
          if (status) {
            status.textContent = "已复制到剪贴板";
          }
        }, function () {
          selectNode(target);
          if (status) {
            status.textContent = "无法自动复制：引用已选中，请按 Ctrl+C 复制";
          }
        });
      });
    });
  }

  if (typeof document$ !== "undefined" && typeof document$.subscribe === "function") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
