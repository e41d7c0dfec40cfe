import Logging

extension LogEvent {
    /// The metadata a line shows, merged as swift-log's `StreamLogHandler` merges it: the
    /// handler's, then the provider's, then the event's, later ones winning, and an error's
    /// message and type. Every handler shows the same fields, whatever the format.
    ///
    /// An error passed with `error:` shows its whole description in every format. Nothing here
    /// passes one (a library may): our errors are logged by type or as a bounded `reason`, and
    /// any that could hold caller input must stay that way.
    func mergedMetadata(_ handlerMetadata: Logger.Metadata, provider: Logger.MetadataProvider?) -> Logger.Metadata {
        let provided = provider?.get() ?? [:]
        let explicit = metadata ?? [:]
        // Most lines carry only the handler's metadata: no merge, no copy.
        guard !provided.isEmpty || !explicit.isEmpty || error != nil else { return handlerMetadata }
        var merged = handlerMetadata
        if !provided.isEmpty { merged.merge(provided) { $1 } }
        if !explicit.isEmpty { merged.merge(explicit) { $1 } }
        if let error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}
