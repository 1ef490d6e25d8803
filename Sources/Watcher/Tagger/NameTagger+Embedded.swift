import CNERModel
import Foundation

extension NameTagger {
    /// The model built into the binary (data/ner/tagger.model), read once on first use.
    public static let embeddedModel: Result<TaggerModel, TaggerModelError> = {
        let bytes = UnsafeRawBufferPointer(start: watcherd_ner_model_bytes(), count: Int(watcherd_ner_model_size()))
        return Result { () throws(TaggerModelError) in try TaggerModel(bytes: bytes, file: "data/ner/tagger.model (embedded)") }
    }()

    /// The tagger with the embedded model; nil only if the build embedded an unusable model (a test guards this).
    public static var embedded: NameTagger? { (try? embeddedModel.get()).map(NameTagger.init(model:)) }

    /// A tagger with the model in `path`.
    public static func load(path: String) throws(TaggerModelError) -> NameTagger {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TaggerModelError(file: path, reason: "it cannot be read")
        }
        let model = data.withUnsafeBytes { bytes in
            Result { () throws(TaggerModelError) in try TaggerModel(bytes: bytes, file: path) }
        }
        return NameTagger(model: try model.get())
    }
}
