; Inno Setup 6.3+ script for the Windows installer of APIModels Uploader.
;
; packaging/windows/installer.py compiles it with ISCC and passes four defines:
;   /DAppVersion=0.1.0
;   /DSourceDir=<the PyInstaller one-folder bundle, dist\apimodels-uploader>
;   /DIconFile=<build\icons\apimodels-uploader.ico>
;   /DOutputDir=<dist>
; A missing define stops the compile instead of building a broken installer.

#ifndef AppVersion
#error Pass /DAppVersion=<version> (installer.py reads it from pyproject.toml)
#endif
#ifndef SourceDir
#error Pass /DSourceDir=<the one-folder bundle directory>
#endif
#ifndef IconFile
#error Pass /DIconFile=<the .ico file>
#endif
#ifndef OutputDir
#error Pass /DOutputDir=<where the setup exe goes>
#endif

#define AppName "APIModels Uploader"
#define AppExe "apimodels-uploader.exe"
#define CliExe "apimodels-uploader-cli.exe"
; One key name for the right-click verb, so uninstall removes exactly what install wrote.
#define VerbKey "APIModelsUploader.Upload"
#define VerbText "Upload with APIModels Uploader"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{455738C8-0557-42DC-9EC2-34008D8C6329}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=APIModels
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile={#IconFile}
OutputDir={#OutputDir}
OutputBaseFilename=apimodels-uploader-{#AppVersion}-windows-x64-setup

; Per-user install by default: no UAC prompt, goes to %LOCALAPPDATA%\Programs. The dialog lets
; an administrator choose "all users" instead ({autopf} then means Program Files and HKA means
; HKLM). /CURRENTUSER and /ALLUSERS pick the mode on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
; The "Send to" entry lives in the installing user's profile even in all-users mode, because
; Windows has no common Send To folder. That is intended, so silence the compiler's warning.
UsedUserAreasWarning=no

; The bundle is 64-bit only (PySide6 ships no 32-bit wheels). x64compatible also admits Arm64
; Windows 11, which runs x64 programs under emulation. Qt 6.8+ needs Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763

; A signed release signs the uninstaller too: installer.py then defines SignToolName and passes
; the tool itself with /S"<name>=signtool sign ... $f". Unsigned builds leave both out.
#ifdef SignToolName
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

Compression=lzma2
SolidCompression=yes
WizardStyle=modern

; An upgrade over a running copy: Restart Manager finds the processes holding our files and
; offers to close them. .pyd files are listed because Python extension modules in _internal
; are locked while the app runs. The app does not register with Restart Manager, so it is not
; restarted automatically; the "Launch" checkbox on the last page does that.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
; Tell Explorer to reload file associations after install and uninstall, so the right-click
; verb appears and disappears without a sign-out.
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not keep libraries the new version no longer ships: PyInstaller would load
; whatever it finds in _internal. User data lives in the user's data folder, never here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole one-folder bundle: both exes and the shared _internal folder.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon
; "Send to" hands every selected file to ONE process as command-line arguments.
Name: "{usersendto}\{#AppName}"; Filename: "{app}\{#AppExe}"

[Registry]
; "Upload with APIModels Uploader" on the right-click menu of every file whose perceived type
; is image, video or audio. SystemFileAssociations\<PerceivedType> adds a verb without taking
; over the file type's default program. HKA is HKCU in a per-user install and HKLM in an
; all-users install; under Software\Classes both feed HKEY_CLASSES_ROOT.
;
; The keys above the verbs are created when missing (a fresh Wine prefix has no
; SystemFileAssociations at all) and removed on uninstall only if nothing else lives there.
; Uninstall runs these entries in reverse order, so the parents are listed before the verbs.
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\image"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\image\shell"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\video"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\video\shell"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\audio"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\audio\shell"; Flags: uninsdeletekeyifempty
;
; MultiSelectModel=Player keeps the verb on the menu for up to 100 selected files (the default
; for a command verb, Document, hides it beyond 15). It does not merge them into one process:
; Explorer starts one process per file for a "%1" command, all at once, and the app's
; single-instance handover must gather them into one window. (Only a COM verb receives all the
; files in one call; "Send to" above passes them all on one command line.)
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\image\shell\{#VerbKey}"; ValueType: string; ValueName: ""; ValueData: "{#VerbText}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\image\shell\{#VerbKey}"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\{#AppExe},0"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\image\shell\{#VerbKey}"; ValueType: string; ValueName: "MultiSelectModel"; ValueData: "Player"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\image\shell\{#VerbKey}\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey

Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\video\shell\{#VerbKey}"; ValueType: string; ValueName: ""; ValueData: "{#VerbText}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\video\shell\{#VerbKey}"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\{#AppExe},0"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\video\shell\{#VerbKey}"; ValueType: string; ValueName: "MultiSelectModel"; ValueData: "Player"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\video\shell\{#VerbKey}\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey

Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\audio\shell\{#VerbKey}"; ValueType: string; ValueName: ""; ValueData: "{#VerbText}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\audio\shell\{#VerbKey}"; ValueType: string; ValueName: "Icon"; ValueData: "{app}\{#AppExe},0"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\audio\shell\{#VerbKey}"; ValueType: string; ValueName: "MultiSelectModel"; ValueData: "Player"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\audio\shell\{#VerbKey}\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey

[Run]
; In an all-users install this still starts the app as the user who ran Setup, not as the
; elevated account (postinstall implies runasoriginaluser).
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; CloseApplications covers Setup only, so the uninstaller ends running copies itself; otherwise
; the locked files under {app} would be left behind. taskkill's exit code (128 when nothing is
; running) is ignored by Inno Setup. A non-admin uninstall can only end the user's own copies.
Filename: "{sys}\taskkill.exe"; Parameters: "/F /T /IM {#AppExe}"; Flags: runhidden; RunOnceId: "EndApp"
Filename: "{sys}\taskkill.exe"; Parameters: "/F /T /IM {#CliExe}"; Flags: runhidden; RunOnceId: "EndCli"
