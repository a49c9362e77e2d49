import Foundation

/// A model as records of the stream, and back.
///
/// A model is named float32 tensors with role `weights`, one per
/// parameter (for an MLP `layer0.weight` [n_0, n_1], `layer0.bias` [n_1],
/// `layer1.weight`, ...). Every one of them carries the whole description
/// as attributes, so any of them tells what the model is:
///
/// - `model`: the kind of network, which picks the loader (`mlp`);
/// - the kind's own architecture attributes (MLP: `widths=1024,64,36`,
///   `activation=sigmoid`);
/// - `classes`: the class names, one character each or comma-separated;
/// - `input` (optional): how an input row is laid out, e.g.
///   `32x32 column-major, paper 1 ink 0`;
/// - anything else (e.g. `trained=`) is kept and passed on.
///
/// A `prefix` goes before every name (`low/layer0.weight`). A model file
/// is just such records written as a stream.
public struct Model: Sendable {
    public var network: any Classifier
    public var classes: [String]
    /// The `classes` attribute as written.
    public var classesText: String
    public var input: String?
    /// Every attribute of the first parameter record.
    public var attributes: [String: String]

    /// The role every parameter record has.
    public static let role = "weights"
    /// The record whose attributes describe the model.
    public static let anchor = "layer0.weight"

    public init(network: any Classifier, classes: String, input: String?,
                attributes: [String: String] = [:]) {
        self.network = network
        self.classesText = classes
        self.classes = Model.classNames(classes)
        self.input = input
        self.attributes = attributes
    }

    /// `ABC` as one name per character, `cat,dog` as comma-separated.
    public static func classNames(_ text: String) -> [String] {
        ConfusionMatrix.classNames(text)
    }

    /// The usual class names for `count` classes: A-Z then 0-9 for 36,
    /// A-Z for 26, 0-9 for 10, else `0,1,2,...`.
    public static func defaultClasses(_ count: Int) -> String {
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        switch count {
        case 36: return letters + "0123456789"
        case 26: return letters
        case 10: return "0123456789"
        default: return (0..<count).map(String.init).joined(separator: ",")
        }
    }

    // MARK: - Writing

    /// The records of an MLP, names prefixed with `prefix`.
    public static func records(
        _ network: MLP, classes: String, input: String?,
        extra: [String: String] = [:], prefix: String = ""
    ) -> [Record] {
        var attributes = extra
        attributes["model"] = "mlp"
        attributes["widths"] = network.widths.map(String.init)
            .joined(separator: ",")
        attributes["activation"] = network.activation.rawValue
        attributes["classes"] = classes
        if let input { attributes["input"] = input }
        return network.parameterPaths.map { name, path in
            let tensor = network[keyPath: path]
            return Record(name: prefix + name, role: role,
                          attributes: attributes, shape: tensor.shape,
                          data: .float32(tensor.scalars))
        }
    }

    // MARK: - Reading

    /// The model whose records are named with `prefix` in `records`.
    public init(records: [Record], prefix: String = "") throws {
        guard let anchor = records.last(where: {
            $0.name == prefix + Model.anchor && $0.role == Model.role
        }) else {
            throw StageError.runtime(
                "no model: the stream has no record '\(prefix)"
                    + "\(Model.anchor)' with role \(Model.role)")
        }
        let attributes = anchor.attributes
        let kind = attributes["model"] ?? ""
        let network: any Classifier
        switch kind {
        case "mlp":
            network = try Model.readMLP(records, prefix: prefix,
                                        attributes: attributes)
        default:
            throw StageError.runtime(
                "\(anchor.summary): model=\(kind) is not a kind nnpipe "
                    + "knows (known: mlp)")
        }
        let classes = attributes["classes"]
            ?? Model.defaultClasses(network.classCount)
        self.init(network: network, classes: classes,
                  input: attributes["input"], attributes: attributes)
        guard self.classes.count == network.classCount else {
            throw StageError.runtime(
                "\(anchor.summary): classes=\(classes) names "
                    + "\(self.classes.count) classes, the network has "
                    + "\(network.classCount)")
        }
    }

    /// Reads the model file at `path` (a stream of records).
    public init(path: String, prefix: String = "") throws {
        let bytes: [UInt8]
        let records: [Record]
        do {
            bytes = try FileBytes.load(path)
            records = try StreamReader.decode(bytes)
        } catch let error as FormatError {
            throw StageError.runtime(error.message)
        } catch {
            throw StageError.runtime("model file \(path): \(error)")
        }
        do {
            try self.init(records: records, prefix: prefix)
        } catch let error as StageError {
            throw StageError.runtime("model file \(path): \(error.message)")
        }
    }

    static func readMLP(_ records: [Record], prefix: String,
                        attributes: [String: String]) throws -> MLP {
        let widthsText = attributes["widths"] ?? ""
        let widths = widthsText.split(separator: ",").compactMap { Int($0) }
        guard widths.count >= 2, widths.count
            == widthsText.split(separator: ",").count,
            widths.allSatisfy({ $0 > 0 })
        else {
            throw StageError.runtime(
                "\(prefix)\(anchor): widths=\(widthsText) is not a list of "
                    + "two or more positive integers")
        }
        let activationText = attributes["activation"] ?? ""
        guard let activation = Activation(rawValue: activationText) else {
            throw StageError.runtime(
                "\(prefix)\(anchor): activation=\(activationText) is not "
                    + Activation.allCases.map(\.rawValue)
                    .joined(separator: " or "))
        }

        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let record = records.last(where: {
                $0.name == prefix + name && $0.role == role
            }) else {
                throw StageError.runtime(
                    "mlp widths=\(widthsText) needs a record '\(prefix)"
                        + "\(name)' with role \(role); the stream has none")
            }
            guard record.shape == shape,
                record.dtype == .float32 || record.dtype == .float64
            else {
                throw StageError.runtime(
                    "\(record.summary) should be float32 \(shape) for "
                        + "widths=\(widthsText)")
            }
            let scalars = record.data.floats
            if let problem = Model.nonFinite(
                scalars, narrowed: record.dtype == .float64)
            {
                throw StageError.runtime("\(record.summary): \(problem)")
            }
            return Tensor(shape: shape, scalars: scalars)
        }

        var layers: [Linear] = []
        for l in 0..<(widths.count - 1) {
            layers.append(Linear(
                weight: try tensor("layer\(l).weight",
                                   [widths[l], widths[l + 1]]),
                bias: try tensor("layer\(l).bias", [widths[l + 1]])))
        }
        return MLP(layers: layers, activation: activation)
    }

    /// Nil when every value is finite; else how many are not and the
    /// first of them, e.g. `3 of 100 values are not finite (first: nan
    /// at index 7)`; `narrowed` says the values were float64 (too large
    /// ones become inf as float32).
    public static func nonFinite(_ values: [Float], narrowed: Bool = false)
        -> String?
    {
        guard let first = values.firstIndex(where: { !$0.isFinite })
        else { return nil }
        let count = values.lazy.filter { !$0.isFinite }.count
        return "\(count) of \(values.count) values are not finite"
            + (narrowed ? " as float32" : "")
            + " (first: \(values[first]) at index \(first))"
    }
}
