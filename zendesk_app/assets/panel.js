/* helpdesk-empathy sidebar panel: reads the ticket's thread through ZAF, asks our server to
 * analyse it (signed by Zendesk's proxy with the app's secure setting) and shows the result.
 * Plain ES5-style script, no build step; all text goes in through textContent, never HTML. */
(function () {
  "use strict";

  var MAX_COMMENTS = 50; // the latest customer/staff comments sent for analysis
  var MAX_BODY_CHARS = 3000; // per comment: keeps a request far below the server's size limit
  var REFRESH_DELAY_MS = 1500; // a burst of conversation changes makes one request
  var SVG_NS = "http://www.w3.org/2000/svg";
  var LEVEL_COLOURS = {
    very_negative: "#b3261e", negative: "#d9730d", neutral: "#6b7280",
    positive: "#2e7d32", very_positive: "#1b5e20", unknown: "#6b7280"
  };

  function pickLanguage(locale) {
    return String(locale || "en").toLowerCase().indexOf("fr") === 0 ? "fr" : "en";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function draftHtml(text) {
    // The reply box takes HTML: one paragraph per block, every character escaped.
    var escape = function (s) {
      return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;");
    };
    return text.split(/\n{2,}/).map(function (block) {
      return "<p>" + escape(block).replace(/\n/g, "<br>") + "</p>";
    }).join("");
  }

  function thumb(down) {
    // A drawn thumb (👍/👎), so it looks the same whatever emoji font the agent has.
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "thumb");
    var g = document.createElementNS(SVG_NS, "g");
    g.setAttribute("fill", "currentColor");
    if (down) { g.setAttribute("transform", "rotate(180 8 8)"); }
    var cuff = document.createElementNS(SVG_NS, "rect");
    [["x", 1], ["y", 7], ["width", 3], ["height", 8], ["rx", 0.5]].forEach(function (a) { cuff.setAttribute(a[0], a[1]); });
    var hand = document.createElementNS(SVG_NS, "path");
    hand.setAttribute("d", "M5 7 L8 1.8 Q9.2 0.6 10.2 1.9 L9.6 6 H14 Q15.6 6.1 15.1 7.7 L13.6 14 Q13.3 15 12.1 15 H5 Z");
    g.appendChild(cuff);
    g.appendChild(hand);
    svg.appendChild(g);
    return svg;
  }

  function sha256Hex(text) {
    var subtle = window.crypto && window.crypto.subtle;
    if (!subtle || !window.TextEncoder) { return Promise.resolve(null); }
    return subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function Panel(client) {
    this.client = client;
    this.t = window.HE_STRINGS.en;
    this.settings = {};
    this.account = null;
    this.ticketId = null;
    this.answer = null;
    this.timer = null;
    this.status = document.getElementById("status");
    this.content = document.getElementById("content");
  }

  Panel.prototype.say = function (key) {
    return this.t[key] || window.HE_STRINGS.en[key] || key;
  };

  Panel.prototype.start = function () {
    var self = this;
    this.showStatus(this.say("loading"));
    return Promise.all([
      this.client.get(["ticket.id", "currentUser.locale"]),
      this.client.metadata(),
      this.client.context()
    ]).then(function (results) {
      var data = results[0];
      var language = pickLanguage(data["currentUser.locale"]);
      self.t = window.HE_STRINGS[language];
      document.documentElement.lang = language;
      self.ticketId = data["ticket.id"];
      self.settings = (results[1] && results[1].settings) || {};
      self.account = results[2] && results[2].account ? results[2].account.subdomain : null;
      self.client.on("ticket.conversation.changed", function () { self.refreshSoon(); });
      if (!self.ticketId) {  // a ticket being created has no conversation yet
        self.render({ messages: [] });
        return null;
      }
      return self.refresh();
    }).catch(function (error) { self.fail(error); });
  };

  Panel.prototype.refreshSoon = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.refresh(); }, REFRESH_DELAY_MS);
  };

  Panel.prototype.refresh = function () {
    var self = this;
    document.getElementById("panel").setAttribute("aria-busy", "true");
    return this.readThread().then(function (comments) {
      return self.signedPost("/app/v1/analysis", { ticket_id: self.ticketId, comments: comments });
    }).then(function (answer) {
      self.answer = answer;
      self.render(answer);
    }).catch(function (error) { self.fail(error); });
  };

  Panel.prototype.readThread = function () {
    // The ticket's comments, newest first, with their authors' roles (sideloaded users).
    var url = "/api/v2/tickets/" + encodeURIComponent(this.ticketId) +
      "/comments.json?include=users&sort_order=desc";
    return this.client.request({ url: url, type: "GET", dataType: "json" }).then(function (data) {
      var roles = {};
      (data.users || []).forEach(function (user) { roles[user.id] = user.role; });
      // Oldest first by creation time, whatever order the API gave; the latest MAX_COMMENTS.
      var comments = (data.comments || []).slice().sort(function (a, b) {
        return String(a.created_at || "").localeCompare(String(b.created_at || "")) || (a.id - b.id);
      });
      return comments.slice(-MAX_COMMENTS).map(function (comment) {
        var role = roles[comment.author_id];
        return {
          id: comment.id,
          body: String(comment.plain_body || comment.body || "").slice(0, MAX_BODY_CHARS),
          author_is_staff: role === "agent" || role === "admin",
          public: comment.public !== false,
          created_at: comment.created_at || null
        };
      });
    });
  };

  Panel.prototype.signedPost = function (path, payload) {
    var self = this;
    var body = JSON.stringify(payload);
    var base = String(this.settings.backend_url || "").replace(/\/+$/, "");
    return sha256Hex(body).then(function (digest) {
      var claims = {};
      if (self.account) { claims.account = self.account; }
      if (digest) { claims.body_sha256 = digest; }
      // Zendesk's proxy puts the secure setting into the token; the browser never sees it.
      return self.client.request({
        url: base + path,
        type: "POST",
        contentType: "application/json",
        dataType: "json",
        data: body,
        secure: true,
        cors: false,
        headers: { Authorization: "Bearer {{jwt.token}}" },
        jwt: {
          algorithm: "HS256",
          secret_key: "{{setting.shared_secret}}",
          expiry: 60,
          claims: claims
        }
      });
    }).then(function (response) {
      return typeof response === "string" ? JSON.parse(response) : response;
    });
  };

  Panel.prototype.showStatus = function (text) {
    this.status.textContent = text || "";
  };

  Panel.prototype.fail = function (error) {
    var self = this;
    var detail = error && (error.responseJSON && error.responseJSON.reason || error.status);
    this.content.textContent = "";
    this.showStatus(this.say("error") + (detail ? " (" + detail + ")" : ""));
    var retry = el("button", "button", this.say("retry"));
    retry.type = "button";
    retry.addEventListener("click", function () { self.refresh(); });
    this.content.appendChild(retry);
    document.getElementById("panel").setAttribute("aria-busy", "false");
    this.resize();
  };

  Panel.prototype.resize = function () {
    var height = Math.min(1200, document.body.scrollHeight + 16);
    this.client.invoke("resize", { width: "100%", height: height + "px" });
  };

  Panel.prototype.render = function (answer) {
    this.content.textContent = "";
    this.showStatus("");
    document.getElementById("panel").setAttribute("aria-busy", "false");
    if (!answer.messages || !answer.messages.length) {
      this.showStatus(this.say("no_customer"));
      this.resize();
      return;
    }
    var latest = answer.messages[answer.messages.length - 1];
    this.content.appendChild(this.renderSummary(answer, latest));
    this.content.appendChild(this.renderSignals(latest));
    this.content.appendChild(this.renderDecision(answer.decision, latest));
    if (answer.reply) { this.content.appendChild(this.renderDraft(answer.reply)); }
    this.resize();
  };

  Panel.prototype.renderSummary = function (answer, latest) {
    var self = this;
    var section = el("section", "summary");
    section.setAttribute("aria-label", this.say("title"));
    var top = el("div", "summary-top");
    var badge = el("span", "badge level-" + latest.level, this.say("level." + latest.level));
    badge.id = "level-badge";
    badge.title = this.say("level_label");
    top.appendChild(badge);
    top.appendChild(el("span", "score", this.say("frustration") + " " + latest.frustration + "/100"));
    var refresh = el("button", "icon-button", "↻");
    refresh.type = "button";
    refresh.id = "refresh";
    refresh.setAttribute("aria-label", this.say("refresh_label"));
    refresh.title = this.say("refresh");
    refresh.addEventListener("click", function () { self.refresh(); });
    top.appendChild(refresh);
    section.appendChild(top);
    section.appendChild(this.sparkline(answer.messages, latest.level));
    var facts = [];
    var trend = answer.trajectory && this.t["trajectory." + answer.trajectory.direction];
    if (trend) { facts.push(trend); }  // a direction we have no words for is left out
    if (answer.contact_number > 1) { facts.push(format(this.say("contact"), { n: answer.contact_number })); }
    section.appendChild(el("p", "facts", facts.join(" · ")));
    return section;
  };

  Panel.prototype.sparkline = function (messages, level) {
    var width = 240, height = 44, pad = 5;
    var values = messages.map(function (m) { return m.frustration; });
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("id", "sparkline");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", format(this.say("sparkline_label"),
      { n: values.length, values: values.join(", ") }));
    var step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
    var points = values.map(function (v, i) {
      var x = values.length > 1 ? pad + i * step : width / 2;
      var y = height - pad - (Math.max(0, Math.min(100, v)) / 100) * (height - 2 * pad);
      return [x, y];
    });
    var base = document.createElementNS(SVG_NS, "line");
    [["x1", pad], ["x2", width - pad], ["y1", height - pad], ["y2", height - pad],
      ["stroke", "#d1d5db"], ["stroke-width", 1]].forEach(function (a) { base.setAttribute(a[0], a[1]); });
    svg.appendChild(base);
    var colour = LEVEL_COLOURS[level] || LEVEL_COLOURS.neutral;
    if (points.length > 1) {
      var line = document.createElementNS(SVG_NS, "polyline");
      line.setAttribute("points", points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "));
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", colour);
      line.setAttribute("stroke-width", 2);
      svg.appendChild(line);
    }
    points.forEach(function (p) {
      var dot = document.createElementNS(SVG_NS, "circle");
      dot.setAttribute("cx", p[0].toFixed(1));
      dot.setAttribute("cy", p[1].toFixed(1));
      dot.setAttribute("r", 3);
      dot.setAttribute("fill", colour);
      svg.appendChild(dot);
    });
    return svg;
  };

  Panel.prototype.renderSignals = function (message) {
    var self = this;
    var section = el("section", "signals");
    section.id = "signals";
    section.appendChild(el("h2", null, this.say("signals")));
    if (!message.signals.length) {
      section.appendChild(el("p", "muted", this.say("no_signals")));
      return section;
    }
    var list = el("ul", "signal-list");
    message.signals.forEach(function (signal) {
      var item = el("li", "signal");
      item.setAttribute("data-signal", signal.name);
      var head = el("span", "signal-name", self.signalLabel(signal.name));
      item.appendChild(head);
      if (signal.contribution > 0) { item.appendChild(el("span", "points", "+" + Math.round(signal.contribution))); }
      var quotes = (message.evidence || []).filter(function (e) { return e.signal === signal.name; });
      if (quotes.length) {
        quotes.forEach(function (e) { item.appendChild(el("q", "quote", e.quote)); });
      } else if (signal.reason && self.t === window.HE_STRINGS.en) {
        // The server's reasons are English: a French panel shows the label alone.
        item.appendChild(el("span", "reason", signal.reason));
      }
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  };

  Panel.prototype.reasonText = function (key, latest) {
    // The server's reasons are English sentences; other languages say them from their keys.
    if (key.indexOf("signal:") === 0) { return this.signalLabel(key.slice(7)); }
    var values = { f: latest.frustration, n: latest.contact_number,
      level: this.say("level." + latest.level) };
    return format(this.say("why." + key), values);
  };

  Panel.prototype.renderDecision = function (decision, latest) {
    var self = this;
    var english = this.t === window.HE_STRINGS.en;
    var section = el("section", "decision");
    section.id = "decision";
    section.appendChild(el("h2", null, this.say("decision")));
    section.appendChild(el("p", decision.escalate ? "escalate" : "no-escalate",
      this.say(decision.escalate ? "escalate_yes" : "escalate_no")));
    var texts = english ? decision.reasons : (decision.reason_keys || []).map(function (key) {
      return self.reasonText(key, latest);
    });
    if (texts.length) {
      var reasons = el("ul", "reasons");
      texts.forEach(function (reason) { reasons.appendChild(el("li", null, reason)); });
      section.appendChild(reasons);
    }
    var priority = decision.priority || {};
    var what = priority.raise_to
      ? format(this.say("priority_raise"), { p: this.say("priority." + priority.raise_to) })
      : this.say("priority_keep");
    section.appendChild(el("p", "fact", this.say("priority") + this.say("colon") + what));
    var group = decision.routing.group_id;
    var route = english ? decision.routing.why
      : group ? format(this.say("routing_move"), { g: group }) : this.say("routing_keep");
    section.appendChild(el("p", "fact", this.say("routing") + this.say("colon") + route));
    return section;
  };

  Panel.prototype.signalLabel = function (name) {
    var key = "signal." + name;
    return this.t[key] || window.HE_STRINGS.en[key] || name.replace(/_/g, " ");
  };

  Panel.prototype.renderDraft = function (reply) {
    var self = this;
    var section = el("section", "draft");
    section.id = "draft";
    section.appendChild(el("h2", null, this.say("draft")));
    var text = el("p", "draft-text", reply.text);
    text.id = "draft-text";
    section.appendChild(text);
    section.appendChild(el("p", "muted", this.say("draft_note")));
    var actions = el("div", "actions");
    actions.appendChild(this.button("insert", "insert", "insert_label", "primary", function () {
      return self.client.invoke("ticket.editor.insert", draftHtml(reply.text)).then(function () {
        self.showStatus(self.say("inserted"));
      });
    }));
    actions.appendChild(this.button("copy", "copy", "copy_label", "", function () {
      return self.copy(reply.text);
    }));
    section.appendChild(actions);
    section.appendChild(this.renderFeedback(reply));
    return section;
  };

  Panel.prototype.button = function (id, textKey, labelKey, kind, action) {
    var self = this;
    var button = el("button", "button " + kind, this.say(textKey));
    button.type = "button";
    button.id = id;
    button.setAttribute("aria-label", this.say(labelKey));
    button.addEventListener("click", function () {
      Promise.resolve().then(action).catch(function () { self.showStatus(self.say("action_failed")); });
    });
    return button;
  };

  Panel.prototype.copy = function (text) {
    var self = this;
    var done = function () { self.showStatus(self.say("copied")); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(done, function () { self.copyBySelection(text); done(); });
    }
    this.copyBySelection(text);
    done();
    return Promise.resolve();
  };

  Panel.prototype.copyBySelection = function (text) {
    var area = el("textarea", "offscreen");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
  };

  Panel.prototype.renderFeedback = function (reply) {
    var self = this;
    var box = el("div", "feedback");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", this.say("feedback_question"));
    box.appendChild(el("span", "muted", this.say("feedback_question")));
    var vote = function (useful) {
      return function () {
        up.disabled = down.disabled = true;
        (useful ? up : down).setAttribute("aria-pressed", "true");
        return self.signedPost("/app/v1/feedback", {
          ticket_id: self.ticketId, useful: useful, language: reply.language, category: reply.category
        }).then(function () {
          self.showStatus(self.say("thanks"));
        }, function () {
          up.disabled = down.disabled = false;
          self.showStatus(self.say("feedback_error"));
        });
      };
    };
    var up = this.button("feedback-up", "useful", "useful_label", "vote", vote(true));
    var down = this.button("feedback-down", "not_useful", "not_useful_label", "vote", vote(false));
    up.insertBefore(thumb(false), up.firstChild);
    down.insertBefore(thumb(true), down.firstChild);
    up.setAttribute("aria-pressed", "false");
    down.setAttribute("aria-pressed", "false");
    box.appendChild(up);
    box.appendChild(down);
    return box;
  };

  function start(client) {
    var panel = new Panel(client);
    window.HelpdeskEmpathyPanel.current = panel;
    return panel.start();
  }

  window.HelpdeskEmpathyPanel = { start: start, current: null };
  // In Zendesk, the framework script defines ZAFClient; a test page may call start() itself.
  var client = window.ZAFClient && window.ZAFClient.init();
  if (client) { start(client); }
})();
