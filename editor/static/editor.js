// innocast's editor: play a segment, save in place with the keyboard, wait for a publication.
// No framework and no build step; every form also works without this script.
(function () {
  "use strict";
  var player = document.getElementById("player");
  var status = document.getElementById("editor-status");
  var segments = Array.prototype.slice.call(document.querySelectorAll("li.segment"));

  function say(text) { if (status) { status.textContent = text; } }

  function play(start) {
    if (!player) { return; }
    player.currentTime = start;
    var started = player.play();
    if (started && started.catch) { started.catch(function () {}); }
  }

  function textOf(li) { return li.querySelector("textarea.text"); }

  function move(li, step) {
    var next = segments[segments.indexOf(li) + step];
    if (next) { textOf(next).focus(); next.scrollIntoView({ block: "nearest" }); }
    return next;
  }

  function save(li) {
    var form = li.querySelector("form.segment-form");
    var body = new URLSearchParams(new FormData(form));
    say("Sparar …");
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || ("fel " + response.status)); }
        var area = textOf(li), speaker = li.querySelector("input.speaker");
        area.value = area.defaultValue = data.text;
        speaker.value = speaker.defaultValue = data.speaker;
        li.classList.add("changed", "saved");
        say(data.message + " Segment " + (segments.indexOf(li) + 1) + ".");
        return true;
      });
    }).catch(function (error) {
      say("Kunde inte spara: " + error.message);
      return false;
    });
  }

  segments.forEach(function (li) {
    li.querySelector("button.play").addEventListener("click", function (event) {
      play(parseFloat(event.currentTarget.dataset.start));
    });
    li.querySelector("form.segment-form").addEventListener("submit", function (event) {
      event.preventDefault();
      save(li);
    });
    li.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        save(li).then(function (ok) { if (ok) { move(li, 1); } });
      } else if (event.altKey && event.key === "ArrowDown") {
        event.preventDefault(); move(li, 1);
      } else if (event.altKey && event.key === "ArrowUp") {
        event.preventDefault(); move(li, -1);
      } else if (event.key === "Escape") {
        var area = textOf(li), speaker = li.querySelector("input.speaker");
        area.value = area.defaultValue; speaker.value = speaker.defaultValue;
        say("Osparade ändringar ångrade.");
      }
    });
    li.addEventListener("focusin", function () {
      segments.forEach(function (other) { other.classList.toggle("current", other === li); });
    });
  });

  if (player && segments.length) {
    player.addEventListener("timeupdate", function () {
      var t = player.currentTime;
      segments.forEach(function (li) {
        var on = t >= parseFloat(li.dataset.start) && t < parseFloat(li.dataset.end);
        li.classList.toggle("playing", on);
      });
    });
  }

  var publishing = document.getElementById("publicering");
  if (publishing && publishing.dataset.state === "running") {
    var timer = setInterval(function () {
      fetch("/publicera/status", { headers: { "Accept": "application/json" },
                                   credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.state !== "running") { clearInterval(timer); window.location.reload(); }
        })
        .catch(function () {});
    }, 1000);
  }
})();
