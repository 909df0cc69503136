#!/usr/bin/env python3
"""Load test of `restock workshop`, standard library only (used by scripts/test-workshop-load).

On a server already running on 127.0.0.1: joins N teams, starts the game, then plays R rounds in which all
N teams submit at the same moment (one asyncio task per team, each on its own connection); the last
submit of a round closes it, so round closing is inside the measured latencies. Prints the submit
latencies (median, p99, max) and the requests per second of the bursts, then pauses the game and writes
`team-id<TAB>cookie` lines for the wrk phase.
"""
import argparse
import asyncio
import re
import statistics
import sys
import time


async def request(port, method, path, body=b"", cookie=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    headers = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", f"Content-Length: {len(body)}"]
    if body:
        headers.append("Content-Type: application/x-www-form-urlencoded")
    if cookie:
        headers.append(f"Cookie: {cookie}")
    writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return status, fields, rest


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--facilitator", required=True, help="the facilitator's path, /facilitator/<token>")
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cookies", required=True)
    args = parser.parse_args()

    teams = []
    for i in range(args.teams):
        status, fields, _ = await request(args.port, "POST", "/join", f"name=team-{i + 1:02d}".encode())
        assert status == 303, status
        teams.append((i + 1, fields["set-cookie"].split(";")[0]))
    status, _, _ = await request(args.port, "POST", f"{args.facilitator}/start")
    assert status == 303, status

    latencies = []
    failures = 0
    burst_seconds = 0.0
    for round_number in range(1, args.rounds + 1):
        async def submit(team_id, cookie):
            body = f"team={team_id}&round={round_number}&order={(team_id * 7 + round_number) % 15}".encode()
            start = time.perf_counter()
            status, _, _ = await request(args.port, "POST", "/submit", body, cookie)
            return status, time.perf_counter() - start

        start = time.perf_counter()
        results = await asyncio.gather(*(submit(t, c) for t, c in teams))
        burst_seconds += time.perf_counter() - start
        for status, seconds in results:
            if status == 303:
                latencies.append(seconds * 1000)
            else:
                failures += 1
        # Every team in: the round has closed; the next one is open.
        status, _, page = await request(args.port, "GET", "/", cookie=teams[0][1])
        assert f"Round {round_number + 1} of".encode() in page or round_number == args.rounds, f"round {round_number} did not close"

    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * len(latencies))) - 1)]
    print(f"bursts: {args.rounds} rounds x {args.teams} teams submitting at once: {len(latencies)} submits, {failures} failed")
    print(f"  submit latency ms: median {statistics.median(latencies):.1f}, p99 {p99:.1f}, max {latencies[-1]:.1f}")
    print(f"  {len(latencies) / burst_seconds:.0f} submits/s during the bursts")
    status, _, _ = await request(args.port, "POST", f"{args.facilitator}/pause")
    assert status == 303
    with open(args.cookies, "w") as out:
        for team_id, cookie in teams:
            out.write(f"{team_id}\t{cookie}\n")
    print(f"open round after the bursts: {args.rounds + 1}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
