// Streams the reply into the page. Without this file the form posts normally and the page reloads.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  if (!form || !window.fetch || !window.TextDecoder) { return; }
  var box = document.getElementById("message");
  var send = document.getElementById("send");
  var transcript = document.getElementById("transcript");
  var status = document.getElementById("chat-status");
  var panel = document.getElementById("crisis-panel");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var conversation = form.querySelector("input[name=conversation_id]");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function bubble(who, label, text) {
    var node = el("div", "bubble " + who);
    node.appendChild(el("span", "visually-hidden", label));
    var body = el("span", "text", text);
    node.appendChild(body);
    return { node: node, body: body };
  }

  function showError(message) {
    var old = document.getElementById("stream-error");
    if (old) { old.remove(); }
    var node = el("p", "error", message);
    node.id = "stream-error";
    node.setAttribute("role", "alert");
    form.insertBefore(node, form.firstChild);
  }

  function why(lines) {
    var details = el("details", "why");
    details.appendChild(el("summary", "", "Why I said this"));
    var list = null;
    lines.forEach(function (line) {
      if (line.slice(-1) === ":" || !list) {
        details.appendChild(el("p", "why-title", line.replace(/:$/, "")));
        list = el("ul");
        details.appendChild(list);
        if (line.slice(-1) === ":") { return; }
      }
      list.appendChild(el("li", "", line));
    });
    return details;
  }

  function finish(item, reply, data) {
    reply.body.textContent = data.reply;
    reply.node.className = "bubble companion tier-" + data.tier;
    item.id = "turn-" + data.turn_index;
    item.appendChild(why(data.why || []));
    conversation.value = data.conversation_id;
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "/chat?conversation=" + data.conversation_id);
    }
    status.textContent = "Steadyheart replied: " + data.reply;
    if (data.resources_shown && panel) {
      panel.hidden = false;
      panel.focus();
    }
  }

  function handle(block, item, reply) {
    var name = "message", data = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event: ") === 0) { name = line.slice(7); }
      else if (line.indexOf("data: ") === 0) { data += line.slice(6); }
    });
    if (!data) { return; }
    var parsed = JSON.parse(data);
    if (name === "chunk") { reply.body.textContent += parsed.text; }
    else if (name === "disclosure") { status.textContent = parsed.text; }
    else if (name === "done") { finish(item, reply, parsed); }
    else if (name === "error") { showError(parsed.detail); }
  }

  async function submit(event) {
    event.preventDefault();
    var text = box.value;
    if (!text.trim()) { showError("The message is empty; write something first."); box.focus(); return; }
    var body = new FormData(form);
    send.disabled = true;
    status.textContent = "Sending…";
    try {
      var response = await fetch("/chat/stream", {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf, "Accept": "application/json, text/event-stream" }
      });
      if (!response.ok) {
        var problem = await response.json().catch(function () { return {}; });
        showError(problem.detail || "Something went wrong; your message was not sent. Please try again.");
        return;
      }
      var old = document.getElementById("stream-error");
      if (old) { old.remove(); }
      var empty = document.getElementById("empty-note");
      if (empty) { empty.remove(); }
      var item = el("li", "turn");
      item.appendChild(bubble("you", "You said: ", text).node);
      var reply = bubble("companion", "Steadyheart (AI) said: ", "");
      item.appendChild(reply.node);
      transcript.appendChild(item);
      box.value = "";
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) { break; }
        buffer += decoder.decode(chunk.value, { stream: true });
        var blocks = buffer.split("\n\n");
        buffer = blocks.pop();
        blocks.forEach(function (block) { handle(block, item, reply); });
      }
      item.scrollIntoView({ block: "end" });
    } catch (err) {
      showError("The connection dropped; if your message is not shown above, please send it again.");
    } finally {
      send.disabled = false;
      box.focus();
    }
  }

  form.addEventListener("submit", submit);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { send.click(); }
    }
  });
}());
