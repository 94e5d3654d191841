import sys
import smtplib
from email.mime.text import MIMEText

def write_stdout(s):
    sys.stdout.write(s)
    sys.stdout.flush()

def write_stderr(s):
    sys.stderr.write(s)
    sys.stderr.flush()

def send_email(subject, message):
    sender = 'gyanaranjanmallick444@gmail.com'
    receivers = ['gyanaranjanmallick17@gmail.com']
    msg = MIMEText(message)
    msg['Subject'] = subject
    msg['From'] = sender
    msg['To'] = ', '.join(receivers)

    try:
        smtpObj = smtplib.SMTP('smtp.gmail.com', 587)
        smtpObj.starttls()
        smtpObj.login('gyanaranjanmallick444@gmail.com', 'your-app-password')
        smtpObj.sendmail(sender, receivers, msg.as_string())
        write_stderr("Successfully sent email\n")
    except Exception as e:
        write_stderr(f"Error: {str(e)}\n")

def main():
    while True:
        write_stdout('READY\n')
        line = sys.stdin.readline()
        write_stderr(line)
        headers = dict([x.split(':') for x in line.split()])
        data = sys.stdin.read(int(headers['len']))
        write_stderr(data)
        send_email('Supervisor Event', data)
        write_stdout('RESULT 2\nOK')

if __name__ == '__main__':
    main()
