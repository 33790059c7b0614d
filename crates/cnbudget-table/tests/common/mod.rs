//! Helpers shared by the integration tests that read the shared seeds.

/// The prepared text of the seed whose file name starts with `prefix`, from
/// `$CNBUDGET_SHARED/seeds` (or `../shared/seeds`); `None`, with a printed notice, when
/// the folder is absent (a user's clone has no `../shared`).
pub fn seed(prefix: &str) -> Option<String> {
    let p = cnbudget_testkit::shared()?.join("seeds");
    let Some(entry) = std::fs::read_dir(&p).ok().and_then(|rd| {
        rd.filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
    }) else {
        eprintln!(
            "skipping: no seed {prefix} under {} (set CNBUDGET_SHARED)",
            p.display()
        );
        return None;
    };
    let bytes = std::fs::read(entry.path()).ok()?;
    Some(cnbudget_text::prepare(&bytes).text)
}
