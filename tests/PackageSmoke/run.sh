#!/usr/bin/env bash
# Package smoke test: pack AutoDiff.SourceGen into a temp folder feed, check the .nupkg layout,
# then build and run a console app whose ONLY AutoDiff reference is
#   <PackageReference Include="AutoDiff.SourceGen" Version="<packed version>" />
# restored from that feed into a fresh packages folder (a stale cached package can never be used).
#
#   tests/PackageSmoke/run.sh                   full test (needs the generator to emit code)
#   tests/PackageSmoke/run.sh --packaging-only  layout, restore and build/run of the app without
#                                               calling any generated member
#
# Environment: SMOKE_CONFIGURATION (pack configuration, default Release), SMOKE_KEEP=1 (keep the
# temp directory), TMPDIR. Last line: "package smoke: passed" or "package smoke: FAILED (...)".
# See docs/packaging.md.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

packaging_only=false
case "${1:-}" in
  "") ;;
  --packaging-only) packaging_only=true ;;
  *) echo "usage: $0 [--packaging-only]" >&2; exit 2 ;;
esac
configuration=${SMOKE_CONFIGURATION:-Release}

work=$(mktemp -d "${TMPDIR:-/tmp}/autodiff-smoke.XXXXXX")
feed=$work/feed
packages=$work/packages
app=$work/app

finish() {
  local rc=$?
  if [[ ${SMOKE_KEEP:-0} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
  if [[ $rc -eq 0 ]]; then echo "package smoke: passed"; fi
}
trap finish EXIT
trap 'echo "package smoke: FAILED (line $LINENO: $BASH_COMMAND)"' ERR
fail() { echo "package smoke: FAILED ($*)"; trap - ERR; exit 1; }
step() { echo; echo "== package smoke: $*"; }

# The smoke app is built outside the repository; keep the user's dotnet settings, but no
# terminal logger (plain, greppable output) and no first-run noise.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDTERMINALLOGGER=off

# ---------------------------------------------------------------------------------------------
step "pack src/AutoDiff ($configuration) into $feed"
dotnet pack "$repo/src/AutoDiff/AutoDiff.csproj" -c "$configuration" -o "$feed" -nologo

shopt -s nullglob
nupkgs=("$feed"/AutoDiff.SourceGen.*.nupkg)
shopt -u nullglob
[[ ${#nupkgs[@]} -eq 1 ]] || fail "expected one AutoDiff.SourceGen.*.nupkg in the feed, found ${#nupkgs[@]}"
nupkg=${nupkgs[0]}
version=$(basename "$nupkg" .nupkg)
version=${version#AutoDiff.SourceGen.}
echo "package: $(basename "$nupkg") (version $version)"

# ---------------------------------------------------------------------------------------------
step "package layout"
listing=$(unzip -Z1 "$nupkg" | sort)
echo "$listing" | sed 's/^/  /'
for required in \
  AutoDiff.SourceGen.nuspec \
  README.md \
  lib/net8.0/AutoDiff.dll lib/net8.0/AutoDiff.xml \
  lib/net10.0/AutoDiff.dll lib/net10.0/AutoDiff.xml \
  analyzers/dotnet/cs/AutoDiff.Generators.dll \
  build/AutoDiff.SourceGen.props buildTransitive/AutoDiff.SourceGen.props; do
  grep -qxF "$required" <<<"$listing" || fail "package lacks $required"
done
if grep -iE 'Microsoft\.CodeAnalysis' <<<"$listing"; then fail "package contains Roslyn assemblies"; fi
if grep -E '^lib/' <<<"$listing" | grep -vE '^lib/(net8\.0|net10\.0)/'; then fail "unexpected lib/ folder"; fi
if grep -E 'AutoDiff\.Generators' <<<"$listing" | grep -v '^analyzers/dotnet/cs/'; then fail "generator outside analyzers/dotnet/cs"; fi

nuspec=$(unzip -p "$nupkg" AutoDiff.SourceGen.nuspec)
echo "$nuspec" | sed -n '/<dependencies>/,/<\/dependencies>/p' | sed 's/^/  /'
grep -q '<id>AutoDiff.SourceGen</id>' <<<"$nuspec" || fail "nuspec id is not AutoDiff.SourceGen"
for tfm in net8.0 net10.0; do
  sed -n "/<group targetFramework=\"$tfm\"/,/<\/group>/p" <<<"$nuspec" \
    | grep -q 'id="System.Numerics.Tensors"' || fail "no System.Numerics.Tensors dependency for $tfm"
done
if grep -E '<dependency id="(AutoDiff\.Generators|Microsoft\.CodeAnalysis[^"]*)"' <<<"$nuspec"; then
  fail "the package depends on the generator project or on Roslyn"
fi

# ---------------------------------------------------------------------------------------------
step "consumer app in $app (NuGet feed: $feed, packages folder: $packages)"
mkdir -p "$app" "$packages"
cp "$here/App/Program.cs" "$here/App/Functions.cs" \
   "$here/App/Directory.Build.props" "$here/App/Directory.Build.targets" "$here/App/Directory.Packages.props" "$app/"
sed "s/@AUTODIFF_VERSION@/$version/g" "$here/App/PackageSmoke.App.csproj.in" > "$app/PackageSmoke.App.csproj"

# The machine's configured sources (user/machine NuGet.Config), read before our nuget.config exists.
# Ours is merged with them (no <clear/>), adds the folder feed, and maps AutoDiff.SourceGen to the
# folder feed only, so a package of the same id and version on a remote source cannot win.
mapfile -t sources < <(cd "$app" && dotnet nuget list source \
  | sed -nE 's/^[[:space:]]*[0-9]+\.[[:space:]]+(.+)[[:space:]]+\[Enabled\][[:space:]]*$/\1/p')
echo "machine NuGet sources: ${sources[*]:-(none)}"
xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<<"$1"; }
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo "    <add key=\"autodiff-smoke-feed\" value=\"$(xml_escape "$feed")\" />"
  echo '  </packageSources>'
  if [[ ${#sources[@]} -gt 0 ]]; then
    echo '  <packageSourceMapping>'
    echo '    <packageSource key="autodiff-smoke-feed"><package pattern="AutoDiff.SourceGen" /></packageSource>'
    for s in "${sources[@]}"; do
      echo "    <packageSource key=\"$(xml_escape "$s")\"><package pattern=\"*\" /></packageSource>"
    done
    echo '  </packageSourceMapping>'
  fi
  echo '</configuration>'
} > "$app/nuget.config"
sed 's/^/  /' "$app/nuget.config"

project=$app/PackageSmoke.App.csproj
mode_props=()
if $packaging_only; then mode_props=(-p:SmokePackagingOnly=true); fi

step "restore"
dotnet restore "$project" --packages "$packages" -nologo ${mode_props[@]+"${mode_props[@]}"}

# Provenance: the restored package must be byte-identical to the one just packed.
restored=$packages/autodiff.sourcegen/$version/autodiff.sourcegen.$version.nupkg
[[ -f $restored ]] || fail "AutoDiff.SourceGen $version was not restored into $packages"
cmp -s "$restored" "$nupkg" || fail "the restored package differs from the packed one"
echo "restored package is the packed one: $restored"

# Which package assets MSBuild resolved for each framework.
for tfm in net10.0 net8.0; do
  items=$(dotnet msbuild "$project" -nologo -p:TargetFramework=$tfm ${mode_props[@]+"${mode_props[@]}"} \
    -t:ResolveLockFileAnalyzers -getItem:ResolvedCompileFileDefinitions -getItem:Analyzer -getItem:CompilerVisibleProperty)
  grep -qF "autodiff.sourcegen/$version/lib/$tfm/AutoDiff.dll" <<<"$items" \
    || fail "$tfm: compile reference is not the package's lib/$tfm/AutoDiff.dll"
  grep -qF "autodiff.sourcegen/$version/analyzers/dotnet/cs/AutoDiff.Generators.dll" <<<"$items" \
    || fail "$tfm: the package's generator is not an analyzer"
  grep -qF '"Identity": "AutoDiff_DisableOptimizations"' <<<"$items" \
    || fail "$tfm: build/AutoDiff.SourceGen.props was not imported"
  echo "$tfm: lib/$tfm/AutoDiff.dll, analyzers/dotnet/cs/AutoDiff.Generators.dll and build props resolved from the package"
done

# ---------------------------------------------------------------------------------------------
step "build and run net10.0"
dotnet build "$project" --no-restore -f net10.0 -c Release -nologo ${mode_props[@]+"${mode_props[@]}"}
if ! $packaging_only; then
  generated=$app/obj/Release/net10.0/generated/AutoDiff.Generators
  grep -rlq 'FGradient' "$generated" 2>/dev/null || fail "no generated source under $generated mentions FGradient"
  echo "generated sources:"; find "$generated" -name '*.cs' | sed "s|^$app/|  |"
fi
dotnet "$app/bin/Release/net10.0/PackageSmoke.App.dll" ".NETCoreApp,Version=v10.0"

step "build net8.0 (and run it on the installed runtime with roll-forward)"
dotnet build "$project" --no-restore -f net8.0 -c Release -nologo ${mode_props[@]+"${mode_props[@]}"}
# Only a .NET 10 runtime may be installed: roll forward so the net8.0 build, with the
# package's lib/net8.0 assembly, still runs here.
DOTNET_ROLL_FORWARD=Major dotnet "$app/bin/Release/net8.0/PackageSmoke.App.dll" ".NETCoreApp,Version=v8.0"
