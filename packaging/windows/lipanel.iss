; Inno Setup script: LIPanel Desktop for one Windows user, without administrator rights.
;
; Build (on the Windows build machine, after `py -3.11 packaging\build.py` has made
; dist\lipanel\ there; Inno Setup 6.3 or newer):
;     iscc packaging\windows\lipanel.iss
; gives dist\LIPanel-Setup-<version>.exe. The version is read from lipanel.exe's version
; resource, which the PyInstaller spec writes from pyproject.toml; `iscc /DAppVersion=...`
; overrides it.
;
; What it does, and why (docs/deployment.md says the same for IT):
; - Installs per user into %LOCALAPPDATA%\Programs\LIPanel: no administrator rights, no
;   UAC prompt, nothing written outside the user's own profile and HKCU.
; - Start-menu shortcuts: LIPanel, LIPanel (demo data), and Uninstall LIPanel.
; - Backups (*.lipanel-backup) get LIPanel's icon and the type name "LIPanel backup" in
;   Explorer; opening one starts LIPanel, where Administration > Backups restores it.
; - Uninstall removes only what it installed. The user's data folder
;   (%LOCALAPPDATA%\LIPanel, or wherever LIPANEL_DATA_DIR points), the database, its key
;   file, backups and saved PDFs are never touched: [UninstallDelete] lists nothing of theirs.
; - Silent install for deployment: LIPanel-Setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#define AppName "LIPanel"
#define AppPublisher "LIPanel"
#define AppExe "lipanel.exe"
#define SourceDir AddBackslash(SourcePath) + "..\..\dist\lipanel"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(SourceDir + "\" + AppExe)
#endif

[Setup]
; The AppId identifies the program to Windows for upgrades and uninstall: never change it.
AppId={{6B1C2E7A-4F0D-4C8B-9E52-1D7A3F0C9B41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per user, never elevated (PrivilegesRequiredOverridesAllowed is left unset, so the
; installer offers no "install for all users" that would need administrator rights).
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=lipanel.ico
OutputDir=..\..\dist
OutputBaseFilename=LIPanel-Setup-{#AppVersion}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Tell Explorer that file associations changed, so the backup icon shows at once.
ChangesAssociations=yes
; An open LIPanel holds its files: ask to close it rather than replace files in use.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
; The whole PyInstaller folder: lipanel.exe, lipanel-admin.exe and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Learning and Improvement Panel case reviews"
Name: "{group}\{#AppName} (demo data)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"; Comment: "Try LIPanel on a throwaway database of fictional data"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Registry]
; HKA is HKEY_CURRENT_USER for a per-user install: Software\Classes there is the user's
; own file associations. Each key is removed on uninstall, and only ours.
Root: HKA; Subkey: "Software\Classes\.lipanel-backup\OpenWithProgids"; ValueType: string; ValueName: "LIPanel.Backup"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\LIPanel.Backup"; ValueType: string; ValueName: ""; ValueData: "LIPanel backup"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\LIPanel.Backup\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\LIPanel.Backup\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".lipanel-backup"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName} now"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Deliberately empty. Uninstall removes exactly the files [Files] installed; the program
; writes nothing into its own folder (no caches, no logs). Never add the data folder
; ({localappdata}\LIPanel), a database, a key file or a backup folder here.
