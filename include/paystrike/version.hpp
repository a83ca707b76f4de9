/// @file version.hpp
/// @brief Library version and the ABI-tagged inline namespace.
#pragma once

/// Major version: a change breaks source or ABI compatibility.
#define PAYSTRIKE_VERSION_MAJOR 0
/// Minor version: new features, compatible.
#define PAYSTRIKE_VERSION_MINOR 1
/// Patch version: fixes only.
#define PAYSTRIKE_VERSION_PATCH 0
/// major * 10000 + minor * 100 + patch; must equal PAYSTRIKE_VERSION_NUMBER in paystrike.h.
#define PAYSTRIKE_VERSION_NUMBER 100
/// The version as text, "major.minor.patch".
#define PAYSTRIKE_VERSION_STRING "0.1.0"

// The inline namespace carries the version so that two paystrike versions linked into one
// process cannot silently mix their types (the habit of nlohmann/json and fmt).
/// Opens namespace paystrike and its versioned inline namespace.
#define PAYSTRIKE_NAMESPACE_BEGIN \
  namespace paystrike {           \
  inline namespace v0_1 {
/// Closes what PAYSTRIKE_NAMESPACE_BEGIN opened.
#define PAYSTRIKE_NAMESPACE_END \
  }                             \
  }
