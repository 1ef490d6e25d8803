import CNERModel
import Foundation
import Synchronization

extension NameTagger {
    /// The model built into the binary (data/ner/tagger.model), read once on first use.
    public static let embeddedModel: Result<TaggerModel, TaggerModelError> = {
        Result { () throws(TaggerModelError) in try TaggerModel(bytes: embeddedModelBytes, file: "data/ner/tagger.model (embedded)") }
    }()

    /// Builds the embedded word lists' table now (it is otherwise built on the first article tagged) and hands back
    /// the pages of the embedded lists and model, whose bytes are in tables from then on: about 6 MB of the daemon's
    /// resident memory. Returns the bytes handed back.
    @discardableResult
    public static func settleEmbedded() -> Int {
        guard case .success = embeddedModel else { return 0 }
        _ = TaggerLexicon.embedded.count
        settlements.add(1, ordering: .relaxed)
        return embeddedBytes.reduce(0) { $0 + ReadOnceData.release($1) }
    }

    /// How many times ``settleEmbedded()`` has handed the pages back (tests: a recogniser's load does).
    package static var settleCount: Int { settlements.load(ordering: .relaxed) }
    private static let settlements = Atomic<Int>(0)

    /// The embedded model and word lists, as compiled into the binary.
    package static var embeddedBytes: [UnsafeRawBufferPointer] {
        [embeddedModelBytes] + TaggerLexicon.embeddedLists
    }

    private static var embeddedModelBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: watcherd_ner_model_bytes(), count: Int(watcherd_ner_model_size()))
    }

    /// The tagger with the embedded model; nil only if the build embedded an unusable model (a test guards this).
    public static var embedded: NameTagger? { (try? embeddedModel.get()).map(NameTagger.init(embedded:)) }

    /// The word caches of every tagger with the embedded model: the model never changes, so a reload's recogniser
    /// reuses the warm caches instead of making new ones (each new cache took new room in the shared huge pages,
    /// while the old caches' room stayed held by the weights beside them).
    private static let embeddedCaches = TaggerCachePool()

    /// A tagger with the embedded model (``embeddedModel``'s) and the caches all such taggers share.
    package init(embedded model: TaggerModel) {
        // Caches hold sums of this model's rows: another model's tagger must not read them.
        precondition((try? Self.embeddedModel.get())?.rows === model.rows, "init(embedded:) takes the embedded model only")
        self.init(model: model, caches: Self.embeddedCaches)
    }

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
