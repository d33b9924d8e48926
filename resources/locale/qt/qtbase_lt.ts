<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Lithuanian for the Qt dialogs microcred shows (Qt ships no qtbase_lt.qm). Source texts as in Qt 6 qtbase;
     compiled to qtbase_lt.qm by tools/catalogs.py (pyside6-lrelease). Cancel = "Atsisakyti", as in GNOME,
     because "Atšaukti" is the app's word for revoking a credential. -->
<TS version="2.1" language="lt_LT">
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Gerai</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Įrašyti</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Įrašyti viską</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Atverti</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Taip</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Taip &amp;visiems</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Ne</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Ne visi&amp;ems</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Nutraukti</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Kartoti</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Nepaisyti</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Užverti</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Atsisakyti</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Atmesti</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Žinynas</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Taikyti</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Atstatyti</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Atkurti numatytąsias</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;Gerai</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Į&amp;rašyti</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;tsisakyti</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Užverti</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Užverti neįrašius</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>OK</source>
        <translation>Gerai</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>OK</source>
        <translation>Gerai</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Žinynas</translation>
    </message>
    <message>
        <source>Show Details...</source>
        <translation>Rodyti išsamiau...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Slėpti išsamią informaciją...</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Apie Qt</translation>
    </message>
</context>
<context>
    <name>QErrorMessage</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;Gerai</translation>
    </message>
    <message>
        <source>&amp;Show this message again</source>
        <translation>&amp;Rodyti šį pranešimą vėl</translation>
    </message>
    <message>
        <source>Debug Message:</source>
        <translation>Derinimo pranešimas:</translation>
    </message>
    <message>
        <source>Fatal Error:</source>
        <translation>Lemtinga klaida:</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>Įspėjimas:</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Atsisakyti</translation>
    </message>
</context>
<context>
    <name>QInputDialog</name>
    <message>
        <source>Enter a value:</source>
        <translation>Įveskite reikšmę:</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Anuliuoti</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Perdaryti</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Iškirpti</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopijuoti</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>Į&amp;klijuoti</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Šalinti</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Žymėti viską</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Anuliuoti</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Perdaryti</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Iškirpti</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopijuoti</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Kopijuoti &amp;saito adresą</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>Į&amp;klijuoti</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Šalinti</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Žymėti viską</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Žymėti viską</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Didinti</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Mažinti</translation>
    </message>
</context>
<context>
    <name>QComboBox</name>
    <message>
        <source>Open the combo box selection popup</source>
        <translation>Atverti išskleidžiamąjį sąrašą</translation>
    </message>
    <message>
        <source>True</source>
        <translation>Taip</translation>
    </message>
    <message>
        <source>False</source>
        <translation>Ne</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation>Slinkti kairėn</translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation>Slinkti dešinėn</translation>
    </message>
</context>
<context>
    <name>QColorDialog</name>
    <message>
        <source>Hu&amp;e:</source>
        <translation>&amp;Atspalvis:</translation>
    </message>
    <message>
        <source>&amp;Sat:</source>
        <translation>&amp;Sodrumas:</translation>
    </message>
    <message>
        <source>&amp;Val:</source>
        <translation>&amp;Reikšmė:</translation>
    </message>
    <message>
        <source>&amp;Red:</source>
        <translation>Raudo&amp;na:</translation>
    </message>
    <message>
        <source>&amp;Green:</source>
        <translation>&amp;Žalia:</translation>
    </message>
    <message>
        <source>Bl&amp;ue:</source>
        <translation>&amp;Mėlyna:</translation>
    </message>
    <message>
        <source>A&amp;lpha channel:</source>
        <translation>A&amp;lfa kanalas:</translation>
    </message>
    <message>
        <source>&amp;HTML:</source>
        <translation>&amp;HTML:</translation>
    </message>
    <message>
        <source>Select Color</source>
        <translation>Pasirinkite spalvą</translation>
    </message>
    <message>
        <source>&amp;Basic colors</source>
        <translation>&amp;Pagrindinės spalvos</translation>
    </message>
    <message>
        <source>&amp;Custom colors</source>
        <translation>&amp;Pasirinktinės spalvos</translation>
    </message>
    <message>
        <source>&amp;Add to Custom Colors</source>
        <translation>Pri&amp;dėti prie pasirinktinių spalvų</translation>
    </message>
    <message>
        <source>Pick Screen Color</source>
        <translation>Paimti spalvą iš ekrano</translation>
    </message>
    <message>
        <source>Cursor at %1, %2, color: %3
Press ESC to cancel</source>
        <translation>Žymeklis ties %1, %2, spalva: %3
Norėdami atsisakyti, spauskite ESC</translation>
    </message>
</context>
<context>
    <name>QPrintPreviewDialog</name>
    <message>
        <source>Page Setup</source>
        <translation>Puslapio parametrai</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Print Preview</source>
        <translation>Spaudinio peržiūra</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Kitas puslapis</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Ankstesnis puslapis</translation>
    </message>
    <message>
        <source>First page</source>
        <translation>Pirmas puslapis</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>Paskutinis puslapis</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Pritaikyti pagal plotį</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>Pritaikyti pagal puslapį</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Didinti</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Mažinti</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Stačias</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Gulsčias</translation>
    </message>
    <message>
        <source>Show single page</source>
        <translation>Rodyti vieną puslapį</translation>
    </message>
    <message>
        <source>Show facing pages</source>
        <translation>Rodyti gretimus puslapius</translation>
    </message>
    <message>
        <source>Show overview of all pages</source>
        <translation>Rodyti visų puslapių apžvalgą</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Spausdinti</translation>
    </message>
    <message>
        <source>Page setup</source>
        <translation>Puslapio parametrai</translation>
    </message>
    <message>
        <source>Export to PDF</source>
        <translation>Eksportuoti į PDF</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <source>Print</source>
        <translation>Spausdinti</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Spausdinti</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Gerai</translation>
    </message>
    <message>
        <source>&amp;Options &gt;&gt;</source>
        <translation>&amp;Parinktys &gt;&gt;</translation>
    </message>
    <message>
        <source>&amp;Options &lt;&lt;</source>
        <translation>&amp;Parinktys &lt;&lt;</translation>
    </message>
    <message>
        <source>Print to File (PDF)</source>
        <translation>Spausdinti į failą (PDF)</translation>
    </message>
    <message>
        <source>Print To File ...</source>
        <translation>Spausdinti į failą ...</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Vietinis failas</translation>
    </message>
    <message>
        <source>Write PDF file</source>
        <translation>Įrašyti PDF failą</translation>
    </message>
    <message>
        <source>All Pages</source>
        <translation>Visi puslapiai</translation>
    </message>
    <message>
        <source>Odd Pages</source>
        <translation>Nelyginiai puslapiai</translation>
    </message>
    <message>
        <source>Even Pages</source>
        <translation>Lyginiai puslapiai</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatiškai</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to overwrite it?</source>
        <translation>%1 jau yra.
Ar norite jį perrašyti?</translation>
    </message>
    <message>
        <source>%1 is a directory.
Please choose a different file name.</source>
        <translation>%1 yra aplankas.
Pasirinkite kitą failo pavadinimą.</translation>
    </message>
    <message>
        <source>File %1 is not writable.
Please choose a different file name.</source>
        <translation>Į failą %1 rašyti negalima.
Pasirinkite kitą failo pavadinimą.</translation>
    </message>
    <message>
        <source>The &apos;From&apos; value cannot be greater than the &apos;To&apos; value.</source>
        <translation>Reikšmė „Nuo“ negali būti didesnė už reikšmę „Iki“.</translation>
    </message>
    <message>
        <source>Options &apos;Pages Per Sheet&apos; and &apos;Page Set&apos; cannot be used together.
Please turn one of those options off.</source>
        <translation>Parinkčių „Puslapių lape“ ir „Puslapių rinkinys“ negalima naudoti kartu.
Išjunkite vieną iš jų.</translation>
    </message>
    <message>
        <source>Left to Right, Top to Bottom</source>
        <translation>Iš kairės į dešinę, iš viršaus į apačią</translation>
    </message>
    <message>
        <source>Left to Right, Bottom to Top</source>
        <translation>Iš kairės į dešinę, iš apačios į viršų</translation>
    </message>
    <message>
        <source>Right to Left, Bottom to Top</source>
        <translation>Iš dešinės į kairę, iš apačios į viršų</translation>
    </message>
    <message>
        <source>Right to Left, Top to Bottom</source>
        <translation>Iš dešinės į kairę, iš viršaus į apačią</translation>
    </message>
    <message>
        <source>Bottom to Top, Left to Right</source>
        <translation>Iš apačios į viršų, iš kairės į dešinę</translation>
    </message>
    <message>
        <source>Bottom to Top, Right to Left</source>
        <translation>Iš apačios į viršų, iš dešinės į kairę</translation>
    </message>
    <message>
        <source>Top to Bottom, Left to Right</source>
        <translation>Iš viršaus į apačią, iš kairės į dešinę</translation>
    </message>
    <message>
        <source>Top to Bottom, Right to Left</source>
        <translation>Iš viršaus į apačią, iš dešinės į kairę</translation>
    </message>
    <message>
        <source>1 (1x1)</source>
        <translation>1 (1x1)</translation>
    </message>
    <message>
        <source>2 (2x1)</source>
        <translation>2 (2x1)</translation>
    </message>
    <message>
        <source>4 (2x2)</source>
        <translation>4 (2x2)</translation>
    </message>
    <message>
        <source>6 (2x3)</source>
        <translation>6 (2x3)</translation>
    </message>
    <message>
        <source>9 (3x3)</source>
        <translation>9 (3x3)</translation>
    </message>
    <message>
        <source>16 (4x4)</source>
        <translation>16 (4x4)</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <source>Printer</source>
        <translation>Spausdintuvas</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Pavadinimas:</translation>
    </message>
    <message>
        <source>P&amp;roperties</source>
        <translation>Sa&amp;vybės</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Vieta:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Peržiūra</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Tipas:</translation>
    </message>
    <message>
        <source>Output &amp;file:</source>
        <translation>Išvesties &amp;failas:</translation>
    </message>
    <message>
        <source>...</source>
        <translation>...</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <source>Page</source>
        <translation>Puslapis</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Copies</source>
        <translation>Kopijos</translation>
    </message>
    <message>
        <source>Print range</source>
        <translation>Spausdinimo sritis</translation>
    </message>
    <message>
        <source>Print all</source>
        <translation>Spausdinti viską</translation>
    </message>
    <message>
        <source>Pages from</source>
        <translation>Puslapiai nuo</translation>
    </message>
    <message>
        <source>to</source>
        <translation>iki</translation>
    </message>
    <message>
        <source>Current Page</source>
        <translation>Dabartinis puslapis</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Pažymėta sritis</translation>
    </message>
    <message>
        <source>Page Set:</source>
        <translation>Puslapių rinkinys:</translation>
    </message>
    <message>
        <source>Output Settings</source>
        <translation>Išvesties nustatymai</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>Kopijos:</translation>
    </message>
    <message>
        <source>Collate</source>
        <translation>Sudėstyti</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Atvirkštine tvarka</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Parinktys</translation>
    </message>
    <message>
        <source>Color Mode</source>
        <translation>Spalvų režimas</translation>
    </message>
    <message>
        <source>Color</source>
        <translation>Spalvotai</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Pilkais tonais</translation>
    </message>
    <message>
        <source>Duplex Printing</source>
        <translation>Dvipusis spausdinimas</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nėra</translation>
    </message>
    <message>
        <source>Long side</source>
        <translation>Ilgoji kraštinė</translation>
    </message>
    <message>
        <source>Short side</source>
        <translation>Trumpoji kraštinė</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Paper</source>
        <translation>Popierius</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Puslapio dydis:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Plotis:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Aukštis:</translation>
    </message>
    <message>
        <source>Paper source:</source>
        <translation>Popieriaus šaltinis:</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Padėtis</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Stačias</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Gulsčias</translation>
    </message>
    <message>
        <source>Reverse landscape</source>
        <translation>Apverstas gulsčias</translation>
    </message>
    <message>
        <source>Reverse portrait</source>
        <translation>Apverstas stačias</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>Paraštės</translation>
    </message>
    <message>
        <source>top margin</source>
        <translation>viršutinė paraštė</translation>
    </message>
    <message>
        <source>left margin</source>
        <translation>kairioji paraštė</translation>
    </message>
    <message>
        <source>right margin</source>
        <translation>dešinioji paraštė</translation>
    </message>
    <message>
        <source>bottom margin</source>
        <translation>apatinė paraštė</translation>
    </message>
    <message>
        <source>Page Layout</source>
        <translation>Puslapių išdėstymas</translation>
    </message>
    <message>
        <source>Page order:</source>
        <translation>Puslapių tvarka:</translation>
    </message>
    <message>
        <source>Pages per sheet:</source>
        <translation>Puslapių lape:</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Pasirinktinis</translation>
    </message>
    <message>
        <source>Millimeters (mm)</source>
        <translation>Milimetrai (mm)</translation>
    </message>
    <message>
        <source>Points (pt)</source>
        <translation>Taškai (pt)</translation>
    </message>
    <message>
        <source>Inches (in)</source>
        <translation>Coliai (in)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>Ieškoti:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atgal</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Grįžti atgal</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Pirmyn</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Eiti pirmyn</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Aukštesnis aplankas</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Eiti į aukštesnį aplanką</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Sukurti naują aplanką</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Sukurti naują aplanką</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Sąrašas</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Rodyti sąrašą</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Išsamus rodinys</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Rodyti išsamų rodinį</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Šoninė juosta</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Vietų ir žymelių sąrašas</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Failai</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Failų tipas:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>Failo &amp;pavadinimas:</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Rasti aplanką</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Atverti</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Įrašyti kaip</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Atverti</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Į&amp;rašyti</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Pasirinkti</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Pe&amp;rvardyti</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>Ša&amp;linti</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Rodyti pa&amp;slėptus failus</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Naujas aplankas</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Naujas aplankas</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Aplankas:</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Aplankai</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Paskiausiai lankytos vietos</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Mano kompiuteris</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>Diskas</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Failas</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>Failų aplankas</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Aplankas</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Alternatyvusis vardas</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Nuoroda</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Nežinomas</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Pašalinti</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Šalinti</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Rodyti </translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Visi failai (*)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Visi failai (*)</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 failas</translation>
    </message>
    <message>
        <source>Alt+Left</source>
        <translation>Alt+Left</translation>
    </message>
    <message>
        <source>Alt+Right</source>
        <translation>Alt+Right</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 jau yra.
Ar norite jį pakeisti?</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Failas nerastas.
Patikrinkite, ar nurodytas teisingas failo pavadinimas.</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Aplankas nerastas.
Patikrinkite, ar nurodytas teisingas aplanko pavadinimas.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>„%1“ apsaugotas nuo rašymo.
Ar vis tiek norite jį pašalinti?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Ar tikrai norite pašalinti „%1“?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Nepavyko pašalinti aplanko.</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Pavadinimas</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dydis</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rūšis</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipas</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Pakeitimo data</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Mano kompiuteris</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Kompiuteris</translation>
    </message>
    <message>
        <source>%1 TB</source>
        <translation>%1 TB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>Invalid filename</source>
        <translation>Netinkamas failo pavadinimas</translation>
    </message>
    <message>
        <source>&lt;b&gt;The name &quot;%1&quot; can not be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuations marks.</source>
        <translation>&lt;b&gt;Pavadinimo „%1“ naudoti negalima.&lt;/b&gt;&lt;p&gt;Pabandykite kitą pavadinimą – trumpesnį arba be skyrybos ženklų.</translation>
    </message>
</context>
</TS>
