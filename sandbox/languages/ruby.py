from sandbox.languages.base import Language

LANGUAGE = Language(
    key="ruby",
    name="Ruby",
    image="scripting",
    source_name="main.rb",
    extensions=(".rb",),
    compile=("ruby", "-c", "main.rb"),
    run=("ruby", "main.rb"),
    version=("ruby", "--version"),
    self_test="a, b = gets.split.map(&:to_i)\nputs a + b\n",
    # Deep recursion: the VM's own stack, beyond the machine stack (which has no rlimit).
    env={"RUBY_THREAD_VM_STACK_SIZE": str(64 * 1024 * 1024)},
    memory_allowance_kb=16 * 1024,
)
