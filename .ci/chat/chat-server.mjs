#!/usr/bin/env node
// Copied unchanged (but for this note) from the workplace's shared/models/chat-server.mjs,
// which has no licence of its own, so that CI does not depend on shared/ being there or
// staying the same. Its only dependency, node-llama-cpp, is MIT (package.json here).
// Minimal OpenAI-compatible chat server around node-llama-cpp (npm, prebuilt llama.cpp
// binaries for linux-x64 CPU; MIT). Loads ANY local GGUF file; nothing is downloaded.
//
//   MODEL_PATH=/path/model.gguf node chat-server.mjs
//
// Endpoints:
//   GET  /health                 -> 200 {"status":"ok"} once loaded (503 before)
//   GET  /v1/models
//   POST /v1/chat/completions    -> {"model","messages":[{role,content}], "stream"?, "max_tokens"?,
//                                    "max_completion_tokens"?, "temperature"?, "top_p"?, "seed"?, "stop"?}
//        stream:false -> chat.completion JSON;  stream:true -> SSE "data: {chat.completion.chunk}" ... "data: [DONE]"
//
// Env: HOST=127.0.0.1 PORT=8092 MODEL_PATH (required) MODEL_NAME (default: file name)
//      CTX_SIZE=2048 THREADS=2 MAX_TOKENS_DEFAULT=256 NODE_MODULES=./npm/node_modules
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const nm = process.env.NODE_MODULES || path.join(here, "npm", "node_modules");
const require_ = createRequire(path.join(nm, "noop.js"));
const { getLlama, LlamaChat } = await import(pathToFileURL(require_.resolve("node-llama-cpp")).href);

const HOST = process.env.HOST || "127.0.0.1";
const PORT = parseInt(process.env.PORT || "8092", 10);
const MODEL_PATH = process.env.MODEL_PATH;
if (!MODEL_PATH) { console.error("MODEL_PATH is required"); process.exit(2); }
const MODEL_NAME = process.env.MODEL_NAME || path.basename(MODEL_PATH).replace(/\.gguf$/i, "");
const CTX_SIZE = parseInt(process.env.CTX_SIZE || "2048", 10);
const THREADS = parseInt(process.env.THREADS || "2", 10);
const MAX_TOKENS_DEFAULT = parseInt(process.env.MAX_TOKENS_DEFAULT || "256", 10);

const t0 = Date.now();
let state = null; // {model, context, chat}

function send(res, code, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
function oaiError(res, code, message, type = "invalid_request_error") {
  send(res, code, { error: { message, type, param: null, code: null } });
}
function readBody(r) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    r.on("data", (c) => chunks.push(c));
    r.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    r.on("error", reject);
  });
}
function contentText(c) {
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.filter((p) => p && p.type === "text").map((p) => p.text).join("");
  return c == null ? "" : String(c);
}
function toHistory(messages) {
  const h = [];
  for (const m of messages) {
    const text = contentText(m.content);
    if (m.role === "system" || m.role === "developer") h.push({ type: "system", text });
    else if (m.role === "user") h.push({ type: "user", text });
    else if (m.role === "assistant") h.push({ type: "model", response: [text] });
    else if (m.role === "tool") h.push({ type: "user", text }); // no tool calling; pass through as text
    else throw new Error(`unsupported role '${m.role}'`);
  }
  h.push({ type: "model", response: [] });
  return h;
}
const finishReason = (stop) => (stop === "maxTokens" ? "length" : "stop");

// One sequence, one generation at a time (2 cores): queue requests.
let chain = Promise.resolve();
function queued(fn) {
  const p = chain.then(fn);
  chain = p.catch(() => {});
  return p;
}

async function handleChat(r, res) {
  if (!state) return oaiError(res, 503, "model is still loading", "server_error");
  let body;
  try { body = JSON.parse(await readBody(r)); } catch { return oaiError(res, 400, "invalid JSON body"); }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return oaiError(res, 400, "'messages' must be a non-empty array");
  let history;
  try { history = toHistory(body.messages); } catch (e) { return oaiError(res, 400, e.message); }
  const maxTokens = body.max_completion_tokens || body.max_tokens || MAX_TOKENS_DEFAULT;
  const stop = body.stop == null ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
  const id = "chatcmpl-" + Math.random().toString(36).slice(2, 14);
  const created = Math.floor(Date.now() / 1000);
  const model = body.model || MODEL_NAME;
  const stream = !!body.stream;
  const includeUsage = !!(body.stream_options && body.stream_options.include_usage);
  const ac = new AbortController();
  res.on("close", () => { if (!res.writableFinished) ac.abort(); });

  const promptText = body.messages.map((m) => contentText(m.content)).join("\n");
  const promptTokens = state.model.tokenize(promptText).length; // approximation (no template tokens)

  if (stream) {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    const chunk = (delta, finish = null) => ({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    res.write(`data: ${JSON.stringify(chunk({ role: "assistant", content: "" }))}\n\n`);
  }
  let completionTokens = 0;
  try {
    const result = await queued(() => state.chat.generateResponse(history, {
      maxTokens,
      temperature: body.temperature ?? 0,
      topP: body.top_p,
      seed: body.seed,
      customStopTriggers: stop.length ? stop : undefined,
      signal: ac.signal,
      stopOnAbortSignal: true,
      onToken: (toks) => { completionTokens += toks.length; },
      onTextChunk: stream ? (text) => {
        if (text) res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }] })}\n\n`);
      } : undefined,
    }));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const fr = finishReason(result.metadata.stopReason);
    if (stream) {
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: fr }] })}\n\n`);
      if (includeUsage) res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`);
      res.write("data: [DONE]\n\n");
      res.end();
    } else {
      send(res, 200, { id, object: "chat.completion", created, model, choices: [{ index: 0, message: { role: "assistant", content: result.response }, logprobs: null, finish_reason: fr }], usage });
    }
  } catch (e) {
    if (stream) { res.write(`data: ${JSON.stringify({ error: { message: String(e.message || e), type: "server_error" } })}\n\n`); res.end(); }
    else oaiError(res, 500, String(e.message || e), "server_error");
  }
}

const server = http.createServer(async (r, res) => {
  const url = (r.url || "/").split("?")[0];
  try {
    if (r.method === "GET" && (url === "/health" || url === "/healthz")) return state ? send(res, 200, { status: "ok" }) : send(res, 503, { status: "loading" });
    if (r.method === "GET" && (url === "/v1/models" || url === "/models")) return send(res, 200, { object: "list", data: [{ id: MODEL_NAME, object: "model", created: Math.floor(t0 / 1000), owned_by: "local" }] });
    if (r.method === "POST" && (url === "/v1/chat/completions" || url === "/chat/completions")) return await handleChat(r, res);
    return oaiError(res, 404, `unknown route ${r.method} ${url}`);
  } catch (e) {
    return oaiError(res, 500, String(e.message || e), "server_error");
  }
});
server.listen(PORT, HOST, () => console.error(`[chat-server] listening on http://${HOST}:${PORT} (loading ${MODEL_PATH}...)`));

try {
  const llama = await getLlama({ gpu: false, build: "never", progressLogs: false });
  const model = await llama.loadModel({ modelPath: MODEL_PATH });
  const context = await model.createContext({ contextSize: CTX_SIZE, threads: THREADS });
  const chat = new LlamaChat({ contextSequence: context.getSequence() });
  state = { model, context, chat };
  console.error(`[chat-server] model ${MODEL_NAME} ready in ${Date.now() - t0} ms (chat wrapper: ${chat.chatWrapper.wrapperName}), rss=${Math.round(process.memoryUsage().rss / 1e6)} MB`);
} catch (e) {
  console.error("[chat-server] failed to load model:", e);
  process.exit(1);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { server.close(); process.exit(0); });
