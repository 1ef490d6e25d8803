/// Which article field a metadata label introduces.
package enum MetadataField: String, Sendable, CaseIterable {
    case published, updated, source, author
}
