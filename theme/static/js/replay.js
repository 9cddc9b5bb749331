// The replay page (plugin replay_page, templates/replay.html): opens the capture an article links
// to, /ban-goc/?portal=<profile>&url=<original address>&ts=<14-digit UTC capture time>, in a
// self-hosted ReplayWeb.page (<replay-web-page>, defined by ui.js, loaded after this script).
// Only a package listed on the page is ever opened, and only by what the page itself names; the
// replayed page gets the policy in data-csp (no script of its own, nothing from other hosts).
"use strict";

(() => {
  const app = document.getElementById("replay-app");
  if (!app || !app.dataset.replayBase) {
    return;
  }
  const status = document.getElementById("replay-status");
  const params = new URLSearchParams(window.location.search);
  const portal = params.get("portal") || "";
  const url = params.get("url") || "";
  const ts = params.get("ts") || "";

  const say = (state, text) => {
    app.dataset.state = state;
    status.textContent = text;
  };

  if (!portal && !url && !ts) {
    say("idle", "Mở trang này từ liên kết “Xem bản gốc đã lưu” dưới một bản tin để xem trang gốc của bài.");
    return;
  }
  const link = Array.from(document.querySelectorAll("a.replay-package")).find(
    (a) => a.dataset.portal === portal,
  );
  let address = null;
  try {
    address = new URL(url);
  } catch (error) {
    address = null;
  }
  if (!link || !address || !/^https?:$/.test(address.protocol) || !/^\d{14}$/.test(ts)) {
    say(
      "invalid",
      "Liên kết này không chỉ tới bản lưu nào của kho lưu trữ. Hãy mở lại từ liên kết “Xem bản gốc đã lưu” dưới bản tin.",
    );
    return;
  }

  // The capture time: 14 digits in UTC, shown in Vietnam's time (UTC+7, no daylight saving).
  const two = (n) => String(n).padStart(2, "0");
  const utc = Date.UTC(
    Number(ts.slice(0, 4)),
    Number(ts.slice(4, 6)) - 1,
    Number(ts.slice(6, 8)),
    Number(ts.slice(8, 10)),
    Number(ts.slice(10, 12)),
    Number(ts.slice(12, 14)),
  );
  const local = new Date(utc + 7 * 3600 * 1000);
  const when =
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    ` ngày ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}` +
    " (giờ Việt Nam)";

  document.getElementById("replay-url").textContent = url;
  const time = document.createElement("time");
  time.dateTime = new Date(utc).toISOString().replace(".000Z", "Z");
  time.textContent = when;
  document.getElementById("replay-time").replaceChildren(time);
  const file = document.createElement("a");
  file.href = link.href;
  file.textContent = link.textContent;
  document.getElementById("replay-file").replaceChildren(file);
  document.getElementById("replay-facts").hidden = false;

  const player = document.createElement("replay-web-page");
  player.setAttribute("source", new URL(link.dataset.source, document.baseURI).href);
  player.setAttribute("url", url);
  player.setAttribute("ts", ts);
  player.setAttribute("replaybase", new URL(app.dataset.replayBase, document.baseURI).href);
  player.setAttribute("embed", "replayonly");
  player.setAttribute("config", JSON.stringify({ csp: app.dataset.csp }));
  player.addEventListener("rwp-page-loading", (event) => {
    const detail = event.detail || {};
    if (detail.loading) {
      return;
    }
    if (detail.replayNotFoundError) {
      say("not-found", "Không tìm thấy trang này trong tệp lưu trữ của cổng.");
    } else {
      say("ready", "Đã mở bản lưu. Trang gốc hiện trong khung dưới đây.");
    }
  });
  say("loading", "Đang mở bản lưu từ tệp lưu trữ của cổng; lần đầu có thể mất vài giây.");
  document.getElementById("replay-player").append(player);
})();
