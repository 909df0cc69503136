#!/usr/bin/env python3
"""Plays a three-team `restock workshop` game in Chromium (Playwright); used by scripts/test-workshop-browser.

Each team has its own browser context (its own cookie). Checks what a person would: the join form, the
team page after joining, the facilitator's leaderboard, a refused order with its message, the round
moving on when all three submitted, a round closed by the facilitator with a missing team, and the
debrief listing the three teams beside the policies. Saves a screenshot of each step.
"""
import argparse
import sys
import time

from playwright.sync_api import sync_playwright


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--facilitator", required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--shots", required=True)
    args = parser.parse_args()
    names = ["Ants", "Bees", "Crickets <3"]
    checks = 0

    def goto(page, url):
        # Waiting pages reload themselves (meta refresh); a reload may cross our navigation: try again.
        for attempt in range(5):
            try:
                return page.goto(url)
            except Exception as error:
                crossed = "interrupted by another navigation" in str(error) or "ERR_ABORTED" in str(error)
                if not crossed or attempt == 4:
                    raise
                time.sleep(0.2)

    def check(condition, what):
        nonlocal checks
        if not condition:
            raise SystemExit(f"FAILED: {what}")
        checks += 1

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        facilitator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        teams = []
        for name in names:
            page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
            goto(page, args.base + "/")
            check(page.locator("input[name=name]").is_visible(), "join form")
            if name == names[0]:
                page.screenshot(path=f"{args.shots}/01-join.png", full_page=True)
            page.fill("input[name=name]", name)
            page.click("button[type=submit]")
            check(page.locator("h1").inner_text() == name, f"team page of {name}")
            teams.append(page)
        teams[0].screenshot(path=f"{args.shots}/02-lobby.png", full_page=True)

        goto(facilitator, args.facilitator)
        for name in names:
            check(facilitator.locator(f"th[data-team='{name}']").count() == 1, f"{name} on the leaderboard")
        facilitator.screenshot(path=f"{args.shots}/03-facilitator-lobby.png", full_page=True)
        facilitator.click("button:has-text('Start round 1')")
        check("Round 1 of" in facilitator.inner_text("p.status"), "round 1 running")

        # A refused order: negative units give a message and change nothing.
        page = teams[0]
        goto(page, args.base + "/")
        page.evaluate("document.querySelector('input[name=order]').removeAttribute('min')")
        page.fill("input[name=order]", "-5")
        page.click("button[type=submit]")
        check("negative" in page.inner_text("p.message.error"), "negative order refused with a message")
        page.screenshot(path=f"{args.shots}/04-refused.png", full_page=True)

        orders = [[32, 30, 28, 26, 34, 30], [10, 10, 10, 10, 10, 10], [40, 0, 12, 8, 9, 8]]
        for round_number in range(1, args.rounds + 1):
            if round_number == 3:
                # Round 3: Crickets does not submit; the facilitator pauses, then closes the round.
                for t in (0, 1):
                    goto(teams[t], args.base + "/")
                    teams[t].fill("input[name=order]", str(orders[t][round_number - 1]))
                    teams[t].click("button[type=submit]")
                goto(facilitator, args.facilitator)
                check("2 submitted for round 3" in facilitator.inner_text("main"), "facilitator sees 2 of 3 submitted")
                facilitator.click("button:has-text('Pause timer')")
                facilitator.screenshot(path=f"{args.shots}/06-facilitator-round3.png", full_page=True)
                facilitator.click("button:has-text('Close round 3 now')")
                facilitator.click("button:has-text('Resume timer')")
                continue
            for t, page in enumerate(teams):
                goto(page, args.base + "/")
                check(f"Round {round_number} of" in page.inner_text("p.status"), f"round {round_number} on {names[t]}'s page")
                page.fill("input[name=order]", str(orders[t][round_number - 1]))
                page.click("button[type=submit]")
            if round_number == 2:
                goto(teams[0], args.base + "/")
                teams[0].screenshot(path=f"{args.shots}/05-team-round3.png", full_page=True)

        goto(teams[2], args.base + "/")
        check("missed" in teams[2].inner_text("main"), "the missed round is marked")
        teams[2].screenshot(path=f"{args.shots}/07-team-game-over.png", full_page=True)
        goto(facilitator, args.facilitator)
        check("Game over" in facilitator.inner_text("p.status"), "game over on the facilitator's page")
        facilitator.screenshot(path=f"{args.shots}/08-facilitator-end.png", full_page=True)

        debrief = teams[0]
        for _ in range(240):   # the policies' bench (tuning included) may still be running
            goto(debrief, args.base + "/debrief")
            if debrief.locator("table.debrief").count() == 1:
                break
            time.sleep(1)
        check(debrief.locator("table.debrief").count() == 1, "debrief ready")
        players = debrief.locator("table.debrief th[data-player]")
        kinds = [players.nth(i).get_attribute("data-kind") for i in range(players.count())]
        listed = [players.nth(i).get_attribute("data-player") for i in range(players.count())]
        for name in names:
            check(name in listed, f"{name} in the debrief")
        check(kinds.count("team") == 3 and kinds.count("policy") >= 3, "three teams beside the policies")
        check("optimal" in kinds, "the exact optimum in the debrief")
        check(debrief.locator("svg[data-chart='team-stock']").count() == 3, "one stock chart per team")
        debrief.screenshot(path=f"{args.shots}/09-debrief.png", full_page=True)
        goto(debrief, args.base + "/report/index.html")
        check("Policies" in debrief.inner_text("main"), "the restock run report")
        debrief.screenshot(path=f"{args.shots}/10-report.png")
        browser.close()
    print(f"browser test: {checks} checks passed; screenshots in {args.shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
