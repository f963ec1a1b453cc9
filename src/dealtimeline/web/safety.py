"""Which addresses a check may reach: a store from someone else must not make this
machine fetch its own or its network's internal pages.

Only http and https. The rule holds for the addresses a host name resolves to, checked
when the connection is made (so on every redirect, and a name that resolves to a public
address once and a private one later gains nothing): loopback, private, link-local (the
cloud metadata address 169.254.169.254 among them), shared, multicast, reserved and
unspecified addresses are refused, as are IPv4 addresses written inside IPv6 ones. A host
named with `--allow-host` is admitted whatever it resolves to; a redirect from it to
another host is checked again.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore

SCHEMES = ("http", "https")


class Refused(Exception):
    """An address the rules refuse; its message says which and why."""


@dataclass(frozen=True, repr=False)
class Guard:
    """The hosts admitted by name (`--allow-host`), lower case."""

    admitted: frozenset[str] = frozenset()

    @classmethod
    def of(cls, hosts: Iterable[str]) -> Guard:
        return cls(frozenset(host.strip().strip("[]").lower() for host in hosts))

    def admits(self, host: str) -> bool:
        return host.strip("[]").lower() in self.admitted

    def check_url(self, scheme: str, host: str) -> None:
        """Refuse a URL whose scheme is not http(s), or whose host is a refused address
        written as such (a name is checked when it is resolved)."""
        if scheme.lower() not in SCHEMES:
            raise Refused(f"only http and https addresses are fetched, not {scheme or 'none'}")
        if not host:
            raise Refused("the address has no host")
        if self.admits(host):
            return
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return
        _check_address(host, address)

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for `host`: every one it resolves to, each allowed."""
        try:
            found = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {_reason(error)}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not self.admits(host):
            for text in addresses:
                _check_address(host, ipaddress.ip_address(text.split("%")[0]))
        return addresses


def refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be reached, or None when it is a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return refusal(inner)
        if address.teredo is not None:
            return "a Teredo address"
    for kind, test in (
        ("loopback", address.is_loopback),
        ("link-local (such as a cloud metadata service)", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
    ):
        if test:
            return f"a {kind} address"
    if not address.is_global:
        return "not a public address"
    return None


def _names(host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether the host is the address itself, however it is written (Python 3.13 writes
    an IPv4-mapped address as ::ffff:127.0.0.1, older ones as ::ffff:7f00:1)."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0]) == address
    except ValueError:
        return False


def _check_address(host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    why = refusal(address)
    if why is not None:
        shown = host if _names(host, address) else f"{host} ({address})"
        raise Refused(f"{shown} is {why}; give --allow-host {host.strip('[]')} to admit it")


def _reason(error: BaseException) -> str:
    return str(error.args[-1]) if error.args else type(error).__name__


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own network backend, connecting only to the addresses the guard allows:
    the host is resolved here, each address checked, and the socket opened to a checked
    address (TLS still verifies the certificate against the host's name)."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self._guard.resolve(host, port)[:4]:
            try:
                return self._backend.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        raise last or httpcore.ConnectError(f"{host} has no address")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise Refused("unix sockets are never used")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
