"""Ratios to the baseline and the Markdown table written beside the JSON results."""

from __future__ import annotations

BASELINE = "plain"

# (scenario, what the ratio is compared with, target, what it measures)
TARGETS = [
    ("ours_cold", "plain", 1.0, "time"),
    ("ours_edit", "plain", 0.25, "time"),
    ("ours_add", "plain", 0.25, "time"),
    ("ours_cold", "plain", 1.2, "memory"),
]


def ratios(summary: dict) -> dict:
    """Each scenario's median time and peak memory divided by the baseline's."""
    base = summary.get(BASELINE) or {}
    out = {}
    for name, row in summary.items():
        if not base.get("median_s") or row.get("median_s") is None:
            continue
        out[name] = {
            "time": round(row["median_s"] / base["median_s"], 3),
            "memory": round(row["peak_rss_mb"] / base["peak_rss_mb"], 3),
        }
    for plugin in ("other_news", "archive_indexes"):
        without = summary.get(f"ours_without_{plugin}")
        cold = summary.get("ours_cold")
        if without and cold and without.get("median_s"):
            out[f"cost_of_{plugin}"] = {
                "time": round(cold["median_s"] / without["median_s"] - 1.0, 4)
            }
    return out


def _fmt(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def markdown_table(results: dict) -> str:
    lines = [f"# Benchmark results, {results['date']}", ""]
    for n, data in results["sizes"].items():
        lines += [
            f"## {n} articles",
            "",
            "| scenario | median s | min–max s | peak MB | time × baseline | memory × baseline |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, row in data["scenarios"].items():
            ratio = data["ratios"].get(name, {})
            lines.append(
                f"| {row['label']} | {_fmt(row['median_s'])} | "
                f"{_fmt(row['min_s'])}–{_fmt(row['max_s'])} | {_fmt(row['peak_rss_mb'])} | "
                f"{_fmt(ratio.get('time'))} | {_fmt(ratio.get('memory'))} |"
            )
        lines.append("")
        for plugin in ("other_news", "archive_indexes"):
            cost = data["ratios"].get(f"cost_of_{plugin}")
            if cost:
                lines.append(f"- {plugin} adds {cost['time'] * 100:.1f}% to the cold build.")
        lines.append(f"- Reproducible output (two cold builds, same bytes): {data['reproducible']}")
        for target_name, against, limit, kind in TARGETS:
            got = data["ratios"].get(target_name, {}).get(kind)
            if got is not None:
                verdict = "met" if got <= limit else "NOT met"
                lines.append(
                    f"- Target {target_name} {kind} ≤ {limit}× {against}: {got}× — {verdict}"
                )
        search = data.get("search")
        if search and "queries" in search:
            lines += [
                "",
                "Search, one query with a cold cache (loopback, headless Chromium; kB as sent "
                "gzip-compressed):",
                "",
                "| query | ours kB | plain Pagefind kB | ours ms | plain ms | ours matches "
                "| plain matches |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for row in search["queries"]:
                lines.append(
                    f"| {row['query']} | {row['ours_kB']} | {row['plain_kB']} | {row['ours_ms']} "
                    f"| {row['plain_ms']} | {row['ours_matches']} | {row['plain_matches']} |"
                )
            lines.append(
                f"\nMedians: ours {search['median_kB']['ours']} kB / {search['median_ms']['ours']}"
                f" ms; plain Pagefind {search['median_kB']['plain']} kB / "
                f"{search['median_ms']['plain']} ms (plain index built in "
                f"{search['plain_pagefind_index_s']} s)."
            )
        elif search:
            lines += ["", f"Search: {search.get('error', search)}"]
        lines.append("")
    extraction = results.get("extraction")
    if extraction:
        lines += ["## Extraction throughput (real pages, no network)", "", "```", str(extraction)]
        lines += ["```", ""]
    lines += extraction_eval_lines(results.get("extraction_eval"))
    lines += discovery_lines(results.get("discovery"))
    lines += captures_lines(results.get("captures"))
    lines += import_warc_lines(results.get("import_warc"))
    lines += infer_lines(results.get("infer"))
    from .cluster import lines as cluster_lines

    lines += cluster_lines(results.get("cluster"))
    return "\n".join(lines)


def infer_lines(measure: dict | None) -> list[str]:
    """profile infer's time on 10 pages and the inferred profile's speed (bench/infer.py)."""
    if not measure:
        return []
    if "error" in measure:
        return ["## profile infer", "", measure["error"], ""]
    from .infer import markdown

    return markdown(measure)


def discovery_lines(discovery: dict | None) -> list[str]:
    """Reading a generated sitemap index: URLs, time and peak memory by size."""
    if not discovery:
        return []
    if "error" in discovery:
        return ["## Discovery (sitemap index)", "", discovery["error"], ""]
    lines = [
        "## Discovery (generated sitemap index, read as a crawl reads it)",
        "",
        "| URLs | child sitemaps | seconds | peak RSS |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for size in sorted(discovery, key=int):
        row = discovery[size]
        lines.append(
            f"| {row['urls']:,} | {row['sitemaps'] - 1} | {row['seconds']} |"
            f" {row['peak_rss_mib']} MiB |"
        )
    return [*lines, ""]


def import_warc_lines(measure: dict | None) -> list[str]:
    """import-warc's time and peak memory on a generated WARC (bench/import_warc.py)."""
    if not measure:
        return []
    if "error" in measure:
        return ["## import-warc", "", measure["error"], ""]
    lines = [
        f"## import-warc ({measure['pages']} article pages, a {measure['warc_mb']} MB WARC)",
        "",
        "| run | time | peak memory | articles |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, label in (("import_profile", "with the demo profile"), ("import_generic", "generic")):
        run = measure[key]
        lines.append(
            f"| {label} | {run['seconds']} s | {run['max_rss_mb']} MB | {run['articles']} |"
        )
    base = measure["python_with_importer"]["max_rss_mb"]
    loaded = measure["every_body_loaded"]["max_rss_mb"]
    lines += [
        f"| Python with the importer loaded | | {base} MB | |",
        f"| every body loaded (`latest_pages`) | | {loaded} MB | |",
        "",
    ]
    return lines


def extraction_eval_lines(evaluation: dict | None) -> list[str]:
    """The development set's scores, ours beside trafilatura (make eval-extract has more)."""
    if not evaluation:
        return []
    if "error" in evaluation:
        return ["## Generic extraction (development set)", "", evaluation["error"], ""]
    lines = [
        f"## Generic extraction (development set, {evaluation['pages']} real pages)",
        "",
        "| extractor | mean of fields | leaks | related wrong | pages/s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, score in evaluation["scores"].items():
        lines.append(
            f"| {name} | {100 * score['mean']:.1f} % | {score['leaks']} |"
            f" {score['related_wrong']}/{score['related_extracted']} |"
            f" {evaluation['pages_per_second'].get(name, '–')} |"
        )
    lines += ["", f"Speed: {evaluation['speed_ratio_vs_trafilatura']}× trafilatura.", ""]
    return lines


def captures_lines(captures: dict | None) -> list[str]:
    """WACZ packages of the demo portal's crawls: sizes and times per 1,000 articles."""
    if not captures:
        return []
    if "error" in captures:
        return ["## WACZ packages (demo portal)", "", captures["error"], ""]
    per = captures["per_1000_articles"]
    again = captures["repackage_after_one_more_run"]
    return [
        f"## WACZ packages ({captures['articles']:,} demo articles from {captures['runs']} crawl"
        f" runs, {captures['records']:,} records)",
        "",
        "| per 1,000 articles | value |",
        "| --- | ---: |",
        f"| WARC files | {per['warc_mib']} MiB |",
        f"| WACZ package | {per['package_mib']} MiB"
        f" ({captures['package_vs_warc']}× the WARC files) |",
        f"| built site | {per['site_mib']} MiB"
        f" (package: {captures['package_vs_site']}× the site) |",
        f"| making the package | {per['package_s']} s |",
        f"| verifying it (make verify-captures) | {per['verify_s']} s |",
        f"| of which the wacz validator | {per['validator_s']} s |",
        "",
        f"Made again after one more crawl run ({again['warc_files']} WARC files,"
        f" {again['articles']:,} articles): {again['seconds']} s.",
        "",
    ]
