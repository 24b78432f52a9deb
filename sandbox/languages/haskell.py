from sandbox.languages.base import SCRATCH, Language

LANGUAGE = Language(
    key="haskell",
    name="Haskell (GHC)",
    image="functional",
    source_name="main.hs",
    extensions=(".hs",),
    # Objects and interfaces in /box with the program, GHC's temporary files in /tmp. No RTS heap cap:
    # the sandbox's memory limit applies to every language the same way.
    compile=("ghc", "-O2", "-tmpdir", SCRATCH, "-outputdir", ".", "-o", "main", "main.hs"),
    run=("./main",),
    version=("ghc", "--version"),
    self_test=(
        "main :: IO ()\n"
        "main = do\n"
        "  [a, b] <- map read . words <$> getLine :: IO [Integer]\n"
        "  print (a + b)\n"
    ),
)
