; Inno Setup 6 script: the Windows installer of microcred desktop (installers/README.md, "Windows").
;
;   iscc /DAppVersion=0.1.0 installers\windows\microcred.iss    -> dist\microcred-0.1.0-setup.exe
;
; Per user, without administrator rights: the app goes to %LOCALAPPDATA%\Programs\microcred, the
; shortcuts to the user's Start menu (and desktop, if ticked), the file association to HKCU.
; The user's data (%APPDATA%\microcred: catalogue, logo, backups, logs) stays on uninstall unless the
; user asks to remove it; signing keys in Windows Credential Manager are never touched by the uninstaller.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "microcred desktop"
#define AppExe "microcred.exe"
#define ProgId "microcred.credential"
#define Dist "..\..\dist\microcred"

[Setup]
AppId={{5D421B6E-95B0-42D7-A257-F6298E2DF5EE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=microcred desktop
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\microcred
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=microcred-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\microcred.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open European Digital Credentials (.edc.jsonld) with microcred"; GroupDescription: "File types:"

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Issue and verify EU micro-credentials"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Windows knows a file by its last extension: NAME.edc.jsonld is a .jsonld file. microcred becomes its
; default program and is offered under "Open with"; the app opens the file on the Verify page.
Root: HKA; Subkey: "Software\Classes\.jsonld"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.jsonld"; ValueType: string; ValueName: "Content Type"; ValueData: "application/ld+json"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.jsonld\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "European Digital Credential"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".jsonld"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Uninstalling keeps the user's data unless they say otherwise (or pass /REMOVEDATA to a silent uninstall).
function DataFolder(): String;
begin
  Result := ExpandConstant('{userappdata}\microcred');
end;

function RemoveDataAsked(): Boolean;
begin
  if UninstallSilent() then
    Result := Pos('/REMOVEDATA', Uppercase(GetCmdTail())) > 0
  else
    Result := MsgBox('Also delete your microcred data in ' + DataFolder() + '?' + #13#10#13#10 +
      'It holds your catalogue (organisation, courses, learners, issued credentials), the logo and ' +
      'signature images, backups and logs. Keep it to use it again after reinstalling.' + #13#10#13#10 +
      'Your signing keys stay in Windows Credential Manager either way: make a key backup in ' +
      'microcred (Settings > Keys and backup) before removing them there.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and RemoveDataAsked() then
  begin
    DelTree(DataFolder(), True, True, True);
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\microcred');
  end;
end;
