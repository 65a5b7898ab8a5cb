//! The API's enumerations, one table each: the value on the wire, the variant and the words
//! for people sit on one line. Values this console does not know are kept verbatim.

/// Declares a wire enum from its table, with `parse`, `raw`, `label` and `KNOWN` (the
/// variants in table order). A variant may accept further spellings after `|`; the first
/// one is what `raw` gives back.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $raw:literal $(| $alias:literal)* => $label:literal,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant,)*
            /// A value this console does not know yet, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every known value, in table order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            pub fn parse(raw: &str) -> Self {
                match raw {
                    $($raw $(| $alias)* => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The value as the API sends it.
            pub fn raw(&self) -> &str {
                match self {
                    $(Self::$variant => $raw,)*
                    Self::Other(raw) => raw,
                }
            }

            /// Words for people, in English (other languages: [`crate::i18n`]).
            pub fn label(&self) -> &str {
                self.english().unwrap_or(self.raw())
            }

            /// The English words of a known value; `None` for one this console does not know.
            pub fn english(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($label),)*
                    Self::Other(_) => None,
                }
            }
        }
    };
}

wire_enum! {
    /// `ImageServerStatus`, plus the two ways the API says "not set". The table's order is
    /// the order the status filter lists them.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum ServerStatus {
        Active = "ACTIVE" => "Active",
        Built = "BUILT" => "Image built",
        Error = "ERROR" => "Error",
        Creating = "CREATING" => "Creating",
        Building = "BUILDING" => "Building image",
        Deleting = "DELETING" => "Deleting",
        /// The literal string `"null"` (the spec's description writes `'NULL'`), an empty
        /// string, JSON `null`, or an absent field.
        #[default]
        Unset = "null" | "NULL" | "" => "Not set",
    }
}

wire_enum! {
    /// Top-level job status (ImageJobStatus).
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub enum JobStatus {
        #[default]
        Waiting = "WAITING" => "Waiting to start",
        Running = "RUNNING" => "Running",
        Success = "SUCCESS" => "Succeeded",
        Failed = "FAILED" => "Failed",
    }
}

impl JobStatus {
    /// SUCCESS and FAILED end a job; anything else (unknown values included) is still pending.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Success | Self::Failed)
    }
}

wire_enum! {
    /// Sub-job status (ImageJobDetailStatus: seven values).
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub enum SubJobStatus {
        #[default]
        Waiting = "WAITING" => "Waiting: not deleted yet",
        Running = "RUNNING" => "Running: being deleted",
        Success = "SUCCESS" => "Deleted",
        Failed = "FAILED" => "Failed: not deleted",
        Abnormal = "ABNORMAL" => "Abnormal: not deleted",
        Rollback = "ROLLBACK" => "Rolled back: not deleted",
        Aborting = "ABORTING" => "Aborting: not deleted",
    }
}

impl SubJobStatus {
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Failed | Self::Abnormal)
    }

    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Abnormal)
    }
}

wire_enum! {
    /// The `job_type` of an image-server job (ImageJobType).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum JobType {
        DeleteServer = "DELETE_SERVER" => "Delete image instances",
        CreateServer = "CREATE_SERVER" => "Create image instance",
        CreateServerImage = "CREATE_SERVER_IMAGE" => "Build image",
    }
}

/// A job without a type: `Other("")`.
impl Default for JobType {
    fn default() -> Self {
        Self::Other(String::new())
    }
}

wire_enum! {
    /// `image_ref.image_type`: where the instance's image comes from. The table's order is
    /// the order the column sorts them in.
    #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
    pub enum ImageType {
        Gold = "gold" => "Marketplace",
        Public = "public" => "Public",
        Private = "private" => "Private",
        Shared = "shared" => "Shared",
        Unlisted = "other" => "Other",
        #[default]
        Unset = "" => "Not set",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_value_round_trips_and_unknown_ones_are_kept() {
        for status in ServerStatus::KNOWN {
            assert_eq!(&ServerStatus::parse(status.raw()), status);
        }
        for status in JobStatus::KNOWN {
            assert_eq!(&JobStatus::parse(status.raw()), status);
        }
        for status in SubJobStatus::KNOWN {
            assert_eq!(&SubJobStatus::parse(status.raw()), status);
        }
        for image_type in ImageType::KNOWN {
            assert_eq!(&ImageType::parse(image_type.raw()), image_type);
        }
        assert_eq!(ImageType::parse("gold").label(), "Marketplace");
        assert_eq!(ServerStatus::parse(""), ServerStatus::Unset);
        assert_eq!(ServerStatus::parse("NULL"), ServerStatus::Unset);
        assert_eq!(ServerStatus::Unset.raw(), "null");
        let new = ServerStatus::parse("MIGRATING");
        assert_eq!((new.raw(), new.label()), ("MIGRATING", "MIGRATING"));
    }

    #[test]
    fn pending_and_unknown_job_statuses_are_not_terminal() {
        for raw in ["WAITING", "RUNNING", "ABNORMAL", ""] {
            assert!(!JobStatus::parse(raw).is_terminal(), "{raw}");
        }
    }
}
