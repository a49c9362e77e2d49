#if canImport(Glibc)
import Glibc
#endif
import Stages

// A closed downstream pipe must end nnpipe quietly: ignore SIGPIPE and let
// the EPIPE from write(2) unwind as BrokenPipe.
signal(SIGPIPE, SIG_IGN)

let tool = CommandLineTool(
    arguments: Array(CommandLine.arguments.dropFirst()),
    registry: stageRegistry)
exit(tool.run())
