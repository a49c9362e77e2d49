/// The stages nnpipe knows, looked up by name.
public struct StageRegistry {
    public let stages: [any Stage.Type]

    public init(_ stages: [any Stage.Type]) {
        self.stages = stages
    }

    public func stage(named name: String) -> (any Stage.Type)? {
        stages.first { $0.name == name }
    }

    public var names: [String] { stages.map { $0.name } }
}

/// A chain of configured stages run in one process: records pass from one
/// to the next in memory.
public struct Pipeline {
    public struct Entry {
        public var stage: any Stage
        /// Where the stage was written (`file:line`), for messages.
        public var location: String?

        public init(_ stage: any Stage, location: String? = nil) {
            self.stage = stage
            self.location = location
        }

        public var name: String { type(of: stage).name }
    }

    /// The stages in order; a test may replace one with a stand-in.
    public var entries: [Entry]

    public init(_ stages: [any Stage]) {
        entries = stages.map { Entry($0) }
    }

    /// Builds every stage of a pipeline file before any of them runs, so
    /// that a bad word on line 9 is reported before line 1 loads a photo.
    public init(steps: [PipelineFile.Step], registry: StageRegistry) throws {
        entries = try steps.map { step in
            guard let type = registry.stage(named: step.stage) else {
                throw StageError.usage(
                    "\(step.location): unknown stage '\(step.stage)' "
                        + "(see nnpipe stages)")
            }
            do {
                return Entry(try type.make(words: step.words),
                             location: step.location)
            } catch {
                // A stage's init may throw any error; each one names the
                // stage and the line, keeping a usage error's exit status.
                let kind = (error as? StageError)?.kind ?? .runtime
                let message = (error as? StageError)?.message ?? "\(error)"
                throw StageFailure(
                    stage: step.stage,
                    underlying: StageError(
                        kind, "\(step.location): \(message)"))
            }
        }
    }

    /// Runs the stages in order on `records`; `after`, if given, sees each
    /// stage's output and the context it ran with (a benchmark times the
    /// stages and reads what they wrote there).
    public func run(
        _ records: [Record],
        context: (String) -> StageContext = { StageContext.silent($0) },
        after: ((Entry, [Record], StageContext) -> Void)? = nil
    ) throws -> [Record] {
        var records = records
        for entry in entries {
            do {
                try Pipeline.check(entry.stage, against: records)
                let stageContext = context(entry.name)
                records = try entry.stage.run(records, context: stageContext)
                after?(entry, records, stageContext)
            } catch let error as BrokenPipe {
                throw error
            } catch {
                throw StageFailure(stage: entry.name, underlying: error)
            }
        }
        return records
    }

    /// Checks that `records` hold what `stage` expects; the error names
    /// what it expected and what the stream holds.
    public static func check(_ stage: any Stage, against records: [Record]) throws {
        for spec in stage.expectedInputs {
            guard let record = spec.pick(from: records) else {
                if spec.optional { continue }
                throw StageError.runtime(
                    "expected \(spec) in the input, but "
                        + describe(records))
            }
            if let mismatch = spec.mismatch(record) {
                throw StageError.runtime(
                    "input \(record.summary) does not fit: \(mismatch)")
            }
        }
    }

    static func describe(_ records: [Record]) -> String {
        if records.isEmpty { return "the stream is empty" }
        let shown = records.prefix(6).map(\.summary).joined(separator: "; ")
        let more = records.count > 6 ? "; and \(records.count - 6) more" : ""
        return "the stream holds: \(shown)\(more)"
    }
}

/// A stage made from a closure: a stand-in for tests.
public struct ClosureStage: Stage {
    public static let name = "closure"
    public static let summary = "runs a closure (tests only)"
    public static let parameters: [Parameter] = []

    let body: ([Record]) throws -> [Record]

    public init(_ arguments: Arguments) throws {
        body = { $0 }
    }

    public init(_ body: @escaping ([Record]) throws -> [Record]) {
        self.body = body
    }

    public func run(_ records: [Record], context: StageContext) throws -> [Record] {
        try body(records)
    }
}
