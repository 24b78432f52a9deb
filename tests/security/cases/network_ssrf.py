# Reach the Internet, the metadata service, the Docker API, the host's Redis; resolve a name.
# expect: ok
# stdout: SAFE
import socket

TARGETS = [
    ("1.1.1.1", 53),
    ("169.254.169.254", 80),
    ("172.17.0.1", 2375),
    ("172.17.0.1", 6379),
    ("127.0.0.1", 6379),
    ("127.0.0.1", 2375),
    ("10.0.2.2", 22),
]
for host, port in TARGETS:
    try:
        with socket.create_connection((host, port), timeout=0.3) as s:
            s.sendall(b"SET rce-escape 1\r\n")
            print(f"BREACH network: connected to {host}:{port}")
    except OSError as exc:
        print(host, port, type(exc).__name__, exc.errno)
try:
    print("BREACH dns:", socket.getaddrinfo("example.com", 80))
except OSError as exc:
    print("dns", type(exc).__name__)
try:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.sendto(b"x", ("8.8.8.8", 53))
    print("BREACH network: udp datagram sent")
except OSError as exc:
    print("udp", exc.errno)
names = sorted(name for _, name in socket.if_nameindex())
if names != ["lo"]:
    print("BREACH network: interfaces", names)
print("SAFE")
