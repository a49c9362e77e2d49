import XCTest

@testable import Pipeline

final class PipelineFileTests: XCTestCase {
    /// The steps of `text` as `stage word word` strings with their lines.
    func steps(
        _ text: String, _ overrides: [String: String] = [:]
    ) throws -> [String] {
        try PipelineFile(text: text, path: "t.pipe").steps(overrides: overrides)
            .map { step in
                ([step.stage] + step.words.map { "<\($0)>" })
                    .joined(separator: " ") + " @" + step.location
            }
    }

    /// The usage message that parsing or expanding `text` throws.
    func problem(
        _ text: String, _ overrides: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) -> String {
        do {
            let steps = try steps(text, overrides)
            XCTFail("parsed as \(steps)", file: file, line: line)
        } catch let error as StageError {
            XCTAssertEqual(error.kind, .usage, file: file, line: line)
            return error.message
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return ""
    }

    func testCommentsAndBlankLines() throws {
        let text = """
            # a pipeline

            info   # trailing comment
              print name=a#b   \t
            # the end
            """
        XCTAssertEqual(try steps(text), [
            "info @t.pipe:3", "print <name=a#b> @t.pipe:4",
        ])
    }

    func testQuotesAndEscapes() throws {
        let text = ##"""
            s 'a b' "c d" 'x'"y"z '' "" a\ b \#c \$d "q\"q" 'back\slash'
            """##
        XCTAssertEqual(try steps(text), [
            #"s <a b> <c d> <xyz> <> <> <a b> <#c> <$d> <q"q> <back\slash> @t.pipe:1"#,
        ])
    }

    func testContinuationLinesKeepTheFirstLineNumber() throws {
        let text = "info \\\n  digits=3 \\\n\n\nprint\r\nprint name=x\\\\\n"
        XCTAssertEqual(try steps(text), [
            "info <digits=3> @t.pipe:1", "print @t.pipe:5",
            #"print <name=x\> @t.pipe:6"#,
        ])
    }

    func testWindowsLineEnds() throws {
        XCTAssertEqual(
            try steps("param a=1\r\ninfo \\\r\n digits=$a\r\nprint\r\n"),
            ["info <digits=1> @t.pipe:2", "print @t.pipe:4"])
    }

    func testParametersWithAndWithoutDefaults() throws {
        let text = """
            param image=images/01_list.jpg  size=32
            param model
            load $image "${image}.bak" '$image' pre${size}post $size$size
            net model=$model
            """
        let file = try PipelineFile(text: text, path: "t.pipe")
        XCTAssertEqual(file.parameters.map(\.name), ["image", "size", "model"])
        XCTAssertEqual(
            file.parameters.map { $0.defaultValue ?? "<required>" },
            ["images/01_list.jpg", "32", "<required>"])
        XCTAssertEqual(try steps(text, ["model": "m.nnpt"]), [
            "load <images/01_list.jpg> <images/01_list.jpg.bak> <$image> "
                + "<pre32post> <3232> @t.pipe:3",
            "net <model=m.nnpt> @t.pipe:4",
        ])
        XCTAssertEqual(
            try steps(text, ["model": "m", "image": "b c.png", "size": ""]), [
            "load <b c.png> <b c.png.bak> <$image> <prepost> <> @t.pipe:3",
            "net <model=m> @t.pipe:4",
        ])
    }

    func testSubstitutedValuesAreNotSplitOrReparsed() throws {
        // A value with blanks, quotes or $ stays one word, as written.
        XCTAssertEqual(
            try steps("param a\nprint name=$a", ["a": "x 'y' $b #c"]),
            ["print <name=x 'y' $b #c> @t.pipe:2"])
    }

    func testOverrideErrors() {
        XCTAssertEqual(
            problem("param a=1 b=2\ninfo", ["c": "3"]),
            "t.pipe has no parameter 'c' (parameters: a, b)")
        XCTAssertEqual(
            problem("info", ["c": "3"]),
            "t.pipe has no parameter 'c' (parameters: none)")
        XCTAssertEqual(
            problem("param image\ninfo"),
            "t.pipe needs image=… on the command line")
    }

    /// `$dir` is the file's folder, in steps and in defaults.
    func testBuiltInFolderParameter() throws {
        let text = "param m=$dir/m.nnpt\nclassify model=$m in=${dir}/x"
        for (path, folder) in [("t.pipe", "."), ("a/b/t.pipe", "a/b"),
                               ("/t.pipe", "/"), ("/r/t.pipe", "/r")] {
            let file = try PipelineFile(text: text, path: path)
            XCTAssertEqual(file.folder, folder)
            XCTAssertEqual(try file.steps().map(\.words),
                           [["model=\(folder)/m.nnpt", "in=\(folder)/x"]])
        }
        XCTAssertEqual(
            problem("param dir\ninfo"),
            "t.pipe:1: parameter 'dir' is built in (the pipeline file's "
                + "folder) and cannot be declared")
        XCTAssertEqual(
            problem("info", ["dir": "x"]),
            "dir= is built in (the folder of t.pipe) and cannot be set")
    }

    /// A `\` on the last line continues onto nothing; blank lines after
    /// it do not help, a comment or a stage does.
    func testContinuationAtTheEndOfTheFile() throws {
        for text in ["info \\", "info\nprint \\\n", "info \\\n \t\n"] {
            XCTAssertEqual(
                problem(text).hasSuffix(
                    "'\\' at the end of the file continues onto no line"),
                true, text)
        }
        XCTAssertEqual(problem("info\nprint \\\n"),
                       "t.pipe:2: '\\' at the end of the file continues onto "
                           + "no line")
        XCTAssertEqual(try steps("info \\\n# c\n"), ["info @t.pipe:1"])
        XCTAssertEqual(try steps("info \\\n digits=2\n"),
                       ["info <digits=2> @t.pipe:1"])
    }

    func testUndeclaredVariable() {
        XCTAssertEqual(
            problem("param a=1\ninfo\nprint name=$zz"),
            "t.pipe:3: $zz is not a declared parameter (add 'param zz=…')")
        XCTAssertEqual(
            problem("print name=${zz}"),
            "t.pipe:1: $zz is not a declared parameter (add 'param zz=…')")
    }

    func testMalformedLines() {
        let cases: [(String, String)] = [
            ("info\nprint name='abc", "t.pipe:2: unterminated quote"),
            ("print name=\"abc\\", "t.pipe:1: unterminated quote"),
            ("print name=${abc", "t.pipe:1: '${' without '}'"),
            ("print name=$ x",
             "t.pipe:1: '$' must be followed by a parameter name (write \\$ "
                + "for a dollar sign)"),
            ("print name=${}",
             "t.pipe:1: '$' must be followed by a parameter name (write \\$ "
                + "for a dollar sign)"),
            ("param", "t.pipe:1: 'param' needs name=default"),
            ("param 1x=3\ninfo",
             "t.pipe:1: '1x=3' is not a parameter declaration (write "
                + "name=default)"),
            ("param my-x=3\ninfo",
             "t.pipe:1: 'my-x=3' is not a parameter declaration (write "
                + "name=default)"),
            ("info\nparam a=1 a=2",
             "t.pipe:2: parameter 'a' is declared twice"),
            ("param a=1\nparam b=$a",
             "t.pipe:2: a parameter default cannot use $ (only $dir)"),
            ("param a=x\n$a", "t.pipe:2: a line must start with a stage name or 'param'"),
            ("\"\" info", "t.pipe:1: a line must start with a stage name or 'param'"),
            ("", "t.pipe: the pipeline has no stages"),
            ("# only\n\nparam a=1\n", "t.pipe: the pipeline has no stages"),
        ]
        for (text, message) in cases {
            XCTAssertEqual(problem(text), message, text)
        }
    }

    func testBuildingStagesReportsTheLine() throws {
        let registry = StageRegistry([Echo.self])
        func failure(_ text: String) -> String {
            do {
                let steps = try PipelineFile(text: text, path: "t.pipe").steps()
                _ = try Pipeline(steps: steps, registry: registry)
            } catch let failure as StageFailure {
                return "\(failure) [\(failure.exitStatus)]"
            } catch {
                return "\(type(of: error)): \(error) [?]"
            }
            return "built"
        }
        XCTAssertEqual(failure("echo\necho\necho say=hi"), "built")
        XCTAssertEqual(
            failure("echo\n\nbinarise"),
            "StageError: t.pipe:3: unknown stage 'binarise' (see nnpipe "
                + "stages) [?]")
        XCTAssertEqual(
            failure("echo\necho times=2"),
            "nnpipe echo: error: t.pipe:2: unknown parameter 'times' "
                + "(parameters: say) [64]")
        XCTAssertEqual(
            failure("echo say=boom"),
            "nnpipe echo: error: t.pipe:1: cannot say boom [1]")
    }
}

/// A stage that adds a text record; `say=boom` fails in its init.
struct Echo: Stage {
    static let name = "echo"
    static let summary = "adds a text record"
    static let parameters = [
        Parameter("say", .string, default: "hello", help: "the text"),
    ]
    static let isSource = true
    struct Boom: Error, CustomStringConvertible {
        var description: String { "cannot say boom" }
    }

    let text: String

    init(_ arguments: Arguments) throws {
        text = arguments.string("say")
        if text == "boom" { throw Boom() }
    }

    func run(_ records: [Record], context: StageContext) throws -> [Record] {
        records + [Record(name: "echo", text: text)]
    }
}
