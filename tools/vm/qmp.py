#!/usr/bin/python3
"""Sends QMP commands to a running QEMU: qmp.py SOCKET 'COMMAND [JSON-ARGUMENTS]' ...

Each command is a name, optionally followed by its arguments as a JSON object, e.g.
    qmp.py vm/qmp.sock 'device_del {"id": "card1"}' 'query-status'
Prints each command's "return" value as JSON, one line each. Exits 1 on the first error QEMU reports (its
class and description on stderr), 2 on a broken connection. Asynchronous events are skipped.
"""
import json
import socket
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(30)
    sock.connect(sys.argv[1])
    stream = sock.makefile("rw", encoding="utf-8")

    def reply() -> dict:
        while True:
            line = stream.readline()
            if not line:
                raise ConnectionError("QEMU closed the QMP connection")
            message = json.loads(line)
            if "event" not in message:
                return message

    def execute(name: str, arguments: dict | None = None) -> dict:
        request = {"execute": name}
        if arguments is not None:
            request["arguments"] = arguments
        stream.write(json.dumps(request) + "\n")
        stream.flush()
        return reply()

    reply()  # the greeting
    execute("qmp_capabilities")
    for command in sys.argv[2:]:
        name, _, args = command.partition(" ")
        answer = execute(name, json.loads(args) if args.strip() else None)
        if "error" in answer:
            error = answer["error"]
            print(f"qmp: {name}: {error.get('class')}: {error.get('desc')}", file=sys.stderr)
            return 1
        print(json.dumps(answer.get("return")))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ConnectionError, ValueError) as e:
        print(f"qmp: {e}", file=sys.stderr)
        sys.exit(2)
