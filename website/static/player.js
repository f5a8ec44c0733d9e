// Episode page: the transcript drives the player and follows it.
// A segment's link or text seeks the audio; the segment being played is highlighted;
// #t=SECONDS (Podlove deep links, also MM:SS and HH:MM:SS, optionally ",END") and
// #seg-N open the page at that moment.
(function () {
  "use strict";
  var audio = document.getElementById("player");
  var items = Array.prototype.slice.call(document.querySelectorAll(".segments li[data-start]"));
  if (!audio) return;
  var starts = items.map(function (li) { return parseFloat(li.dataset.start); });
  var current = -1;

  function parseTime(text) {
    var value = decodeURIComponent(text).split(",")[0].trim();
    if (/^\d+(\.\d+)?$/.test(value)) return parseFloat(value);
    var match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value);
    if (!match) return null;
    return (parseInt(match[1] || "0", 10) * 3600) + parseInt(match[2], 10) * 60 + parseFloat(match[3]);
  }

  function segmentAt(time) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= time + 0.05) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function highlight(position, focus) {
    if (position !== current) {
      if (current >= 0) {
        items[current].classList.remove("current");
        items[current].removeAttribute("aria-current");
      }
      current = position;
      if (current >= 0) {
        items[current].classList.add("current");
        items[current].setAttribute("aria-current", "time");
      }
    }
    if (focus && current >= 0) items[current].focus();
  }

  function seek(time, play, focus) {
    function apply() {
      audio.currentTime = time;
      if (play) {
        var started = audio.play();
        if (started && started.catch) started.catch(function () { /* the reader presses play */ });
      }
    }
    if (audio.readyState >= 1) apply();
    else audio.addEventListener("loadedmetadata", apply, { once: true });
    highlight(segmentAt(time), focus);
  }

  function fromHash() {
    var hash = location.hash.slice(1);
    if (hash.indexOf("t=") === 0) {
      var time = parseTime(hash.slice(2));
      if (time !== null) seek(time, false, true);
      return;
    }
    var match = /^seg-(\d+)$/.exec(hash);
    var target = match && document.getElementById(hash);
    if (target && target.dataset.start) seek(parseFloat(target.dataset.start), false, true);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#t=']");
    var item = event.target.closest && event.target.closest(".segments li[data-start]");
    if (!link && !item) return;
    if (item && !link && event.target.closest("a")) return;  // a link inside the text
    event.preventDefault();
    var time = link ? parseTime(link.getAttribute("href").slice(3)) : parseFloat(item.dataset.start);
    if (time === null) return;
    history.replaceState(null, "", "#t=" + time);
    seek(time, true, false);
  });

  audio.addEventListener("timeupdate", function () { highlight(segmentAt(audio.currentTime), false); });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
