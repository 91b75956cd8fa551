; Inno Setup 6 script for Capture Desktop (UNTESTED: written without a Windows machine).
; Compiled by packaging/build.py on Windows, which passes:
;   /DAppVersion=0.1.0 /DSourceDir=<one-folder bundle> /DIconFile=<.ico> /DOutputDir=<packaging\out>
; Per-user install (no admin prompt), a Start-menu shortcut, an optional desktop shortcut,
; and an uninstaller listed in Apps & features.

#ifndef AppVersion
  #error AppVersion must be defined (/DAppVersion=...)
#endif

#define AppName "Capture Desktop"
#define AppExe "capture-desktop.exe"

[Setup]
; A fixed AppId lets upgrades replace the previous install instead of adding a second one.
AppId={{6B1E4F0C-3C9B-4C39-9E5C-5C1F0D8A7C21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Capture Desktop developers
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\Capture Desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=capture-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there; the user's profiles and keyring items are kept.
Type: filesandordirs; Name: "{app}\_internal"
