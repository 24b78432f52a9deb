"""The seccomp profile: generated from sandbox/seccomp.py, stored as sandbox/seccomp.json, tight."""

import json

import pytest

from sandbox import seccomp

DANGEROUS = [
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "bpf",
    "perf_event_open",
    "unshare",
    "setns",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "open_by_handle_at",
    "reboot",
    "swapon",
    "settimeofday",
    "clock_settime",
    "acct",
    "syslog",
    "lookup_dcookie",
    "fsopen",
    "move_mount",
    "open_tree",
    "sync",
    "clone3",
]
NEEDED = ["read", "write", "openat", "mmap", "execve", "fork", "wait4", "futex", "clone", "socket"]


def test_it_matches_the_stored_json():
    assert seccomp.PROFILE_PATH.read_text() == seccomp.rendered()
    assert json.loads(seccomp.profile_json()) == seccomp.profile()


@pytest.mark.parametrize("name", DANGEROUS)
def test_it_denies_a_dangerous_call(name):
    assert name not in seccomp.allowed_syscalls()


def test_it_allows_what_programs_need():
    assert set(NEEDED) <= seccomp.allowed_syscalls()


def test_it_fails_by_default_with_eperm():
    profile = seccomp.profile()
    assert profile["defaultAction"] == "SCMP_ACT_ERRNO"
    assert profile["defaultErrnoRet"] == 1


def test_it_allows_only_native_64_bit_calls():
    for arch in seccomp.profile()["archMap"]:
        assert arch["subArchitectures"] == []


def test_it_allows_only_local_and_ip_sockets():
    rules = [r for r in seccomp.profile()["syscalls"] if r["names"] == ["socket"]]
    families = {r["args"][0]["value"] for r in rules}
    assert families == {1, 2, 10, 16}
    assert all(r["args"][0]["op"] == "SCMP_CMP_EQ" for r in rules)


def test_it_allows_clone_only_without_namespace_flags():
    (rule,) = [r for r in seccomp.profile()["syscalls"] if r["names"] == ["clone"]]
    (arg,) = rule["args"]
    assert arg["op"] == "SCMP_CMP_MASKED_EQ" and arg["value"] == seccomp.CLONE_NAMESPACE_FLAGS
    assert arg["valueTwo"] == 0
    clone3 = [r for r in seccomp.profile()["syscalls"] if r["names"] == ["clone3"]]
    assert clone3 == [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": seccomp.ENOSYS}]
