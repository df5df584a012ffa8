#!/usr/bin/python3
"""A stand-in service binary for the harness self-test: serves grpc.health.v1 Check as
SERVING on --grpc_port, ignores the other flags, exits 0 on SIGTERM. With --fail_at_start
it prints a message and exits 3, like a service with a bad configuration."""
import signal
import sys
import threading
from concurrent import futures

import grpc

flags = dict(arg[2:].split("=", 1) for arg in sys.argv[1:] if arg.startswith("--") and "=" in arg)
if "--fail_at_start" in sys.argv:
    print("fake_service: failing at start as asked", flush=True)
    sys.exit(3)


class HealthHandler(grpc.GenericRpcHandler):
    def service(self, details):
        if details.method == "/grpc.health.v1.Health/Check":
            # HealthCheckResponse{status: SERVING}, encoded by hand.
            return grpc.unary_unary_rpc_method_handler(lambda request, context: b"\x08\x01")
        return None


stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
server = grpc.server(futures.ThreadPoolExecutor(max_workers=2), handlers=[HealthHandler()])
server.add_insecure_port("127.0.0.1:" + flags["grpc_port"])
server.start()
print("fake_service: listening on", flags["grpc_port"], "db", flags.get("db_name"), flush=True)
stop.wait()
server.stop(1).wait()
print("fake_service: stopped", flush=True)
sys.exit(0)
